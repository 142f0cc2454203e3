/**
 * Vendor allowlists as shared sets of networks: regionsync adds its regions' egress networks, relabels and removes only
 * entries it marked as its own, and leaves every other entry as it is. Shared by every provider whose vendor keeps an
 * IP allowlist (Datadog's `note`, GitHub's entry `name`): the label regionsync writes there is the ownership record.
 *
 * The label travels with the entry in the same write, so there is no window in which an entry exists without its
 * record (a separate ledger would need a second write). A person who edits the label takes the entry over: regionsync
 * then never removes it.
 */
import { z } from "zod";
import { parseCidr, sortCidrs } from "./cidr.js";
import type { ChangeDraft } from "./kind.js";
import type { FieldDiff, Instance, ManualInstructions } from "./types.js";

/** Who an entry belongs to: the account that wrote it, and the declaration and region it serves. */
export interface NetworkOwner {
  account: string;
  region: string;
  declaration: string;
}

const MARK = "managed-by:regionsync";
const LABEL = /^managed-by:regionsync account:(\S+) region:(\S+) source:(.+)$/;

/** The label regionsync writes on each entry it adds. */
export const ownerLabel = (o: NetworkOwner) =>
  `${MARK} account:${o.account} region:${o.region} source:${o.declaration}`;

export function parseOwnerLabel(text: string | null | undefined): NetworkOwner | undefined {
  const m = LABEL.exec((text ?? "").trim());
  return m ? { account: m[1]!, region: m[2]!, declaration: m[3]! } : undefined;
}

/** One allowlist entry as read: its network and its label (Datadog's note, GitHub's name). */
export interface ObservedNetwork {
  cidr: string;
  label?: string | null;
}

/** What one change asks apply to do, on a fresh read of the allowlist. */
export const networkChangeSchema = z.strictObject({
  /** The label of the group's entries: the ownership record. */
  label: z.string().min(1),
  /** Networks to add where no entry allows them yet. */
  add: z.array(z.string()),
  /** Networks regionsync already owns under another label (a renamed declaration): their label is rewritten. */
  relabel: z.array(z.string()),
  /** Networks whose entries carry exactly `label`, to remove. */
  remove: z.array(z.string()),
});
export type NetworkChange = z.infer<typeof networkChangeSchema>;

interface Group {
  owner: NetworkOwner;
  instance?: Instance;
  owned: number;
  change: NetworkChange;
}

const key = (o: NetworkOwner) => `${o.declaration}\u0000${o.region}`;
const canonical = (cidr: string) => {
  const parsed = parseCidr(cidr.trim());
  return "cidr" in parsed ? parsed.cidr.text : cidr.trim();
};

/** The egress networks an instance declares, canonical. */
export const egressOf = (instance: Instance<unknown>): string[] => [
  ...(instance.egress?.ipv4 ?? []),
  ...(instance.egress?.ipv6 ?? []),
];

/** Entries whose label names `account`: the blast-radius denominator. */
export const ownedBy = (observed: readonly ObservedNetwork[], account: string) =>
  observed.filter((e) => parseOwnerLabel(e.label)?.account === account).length;

/**
 * Per declaration and region: the networks to add, relabel and remove. A network some entry already allows is not
 * added again, whoever made that entry; only entries labelled for `account` are ever relabelled or removed.
 */
export function planNetworkSet(instances: readonly Instance[], observed: readonly ObservedNetwork[], account: string) {
  const groups = new Map<string, Group>();
  const groupOf = (owner: NetworkOwner, instance?: Instance) => {
    let group = groups.get(key(owner));
    if (!group) {
      group = { owner, instance, owned: 0, change: { label: ownerLabel(owner), add: [], relabel: [], remove: [] } };
      groups.set(key(group.owner), group);
    }
    return group;
  };
  const entries = observed.map((e) => ({ cidr: canonical(e.cidr), owner: parseOwnerLabel(e.label), label: e.label }));
  const ours = entries.filter((e) => e.owner?.account === account);
  for (const e of ours) groupOf(e.owner!).owned++;
  const desired = new Set<string>();
  for (const instance of instances) {
    if (!instance.region) continue;
    const owner = { account, region: instance.region, declaration: instance.declaration };
    const group = groupOf(owner, instance);
    group.instance = instance;
    for (const cidr of egressOf(instance)) {
      if (desired.has(cidr)) continue;
      desired.add(cidr);
      const present = entries.filter((e) => e.cidr === cidr);
      if (present.length === 0) group.change.add.push(cidr);
      else if (
        !present.some((e) => e.label === group.change.label) &&
        present.some((e) => e.owner?.account === account)
      ) {
        group.change.relabel.push(cidr);
      }
    }
  }
  for (const e of ours) if (!desired.has(e.cidr)) groupOf(e.owner!).change.remove.push(e.cidr);
  return [...groups.values()].filter((g) => g.change.add.length + g.change.relabel.length + g.change.remove.length > 0);
}

export type NetworkGroup = ReturnType<typeof planNetworkSet>[number];

/** The object a group's changes name: the declaration's name and the region, `Egress@eu`. */
const groupObject = (declaration: string, region: string) => `${declaration.split("/").slice(2).join("/")}@${region}`;

/**
 * Where the vendor has no allowlist regionsync can manage (a plan without the feature, credentials without the right):
 * one manual change per region, for a person to decide, instead of a failed run.
 */
export function unavailableDrafts<Payload, Spec>(
  instances: readonly Instance<Spec>[],
  basis: string,
  instructions: (instance: Instance<Spec>, networks: string[]) => ManualInstructions,
): ChangeDraft<Payload>[] {
  return instances.flatMap((i): ChangeDraft<Payload>[] => {
    if (!i.region) return [];
    const name = groupObject(i.declaration, i.region);
    const common = { declarations: [i.declaration], regions: [i.region], policy: i.policy, diffs: [], basis };
    return [{ object: name, name, action: "manual", ...common, instructions: instructions(i, egressOf(i)) }];
  });
}

/**
 * The changes of one planned group: additions and relabels as one create (the region had no entry yet) or update,
 * removals as a delete of their own, so `--allow-delete` governs them like any other delete.
 */
export function networkDrafts<Payload>(
  group: NetworkGroup,
  opts: { target: string; basis: string; field: string; payload: (c: NetworkChange) => Payload },
): ChangeDraft<Payload>[] {
  const { owner, instance, change } = group;
  const name = groupObject(owner.declaration, owner.region);
  const base = {
    object: name,
    name,
    declarations: [owner.declaration],
    regions: [owner.region],
    policy: instance?.policy ?? ("manage" as const),
    target: opts.target,
    basis: opts.basis,
  };
  const drafts: ChangeDraft<Payload>[] = [];
  if (change.add.length + change.relabel.length > 0) {
    const diffs: FieldDiff[] = [
      ...sortCidrs(change.add).map((c) => ({ path: opts.field, op: "add" as const, after: c })),
      ...sortCidrs(change.relabel).map((c) => ({ path: `label[${c}]`, op: "change" as const, after: change.label })),
    ];
    const payload = opts.payload({ ...change, remove: [] });
    // A relabel takes over entries regionsync already made (under a former name of the declaration): an update.
    const action = group.owned === 0 && change.relabel.length === 0 ? "create" : "update";
    drafts.push({ ...base, action, diffs, payload });
  }
  if (change.remove.length > 0) {
    const diffs = sortCidrs(change.remove).map((c) => ({ path: opts.field, op: "remove" as const, before: c }));
    const payload = opts.payload({ ...change, add: [], relabel: [] });
    // Entries of the allowlist, not the allowlist: the blast-radius guard counts them as such.
    drafts.push({
      ...base,
      action: "delete",
      diffs,
      delete_count: change.remove.length,
      delete_unit: "network",
      payload,
    });
  }
  return drafts;
}

/**
 * What apply does to a fresh read: the networks still to add, and the positions in `observed` of the entries to relabel
 * and to remove. Only entries labelled for `account` are relabelled, and only those carrying the change's own label are
 * removed, so a person's entry for the same network survives.
 */
export function mergeNetworkSet(observed: readonly ObservedNetwork[], change: NetworkChange, account: string) {
  const entries = observed.map((e, index) => ({
    index,
    cidr: canonical(e.cidr),
    owner: parseOwnerLabel(e.label),
    label: e.label,
  }));
  const add = change.add.filter((cidr) => !entries.some((e) => e.cidr === cidr));
  const relabel = entries
    .filter((e) => change.relabel.includes(e.cidr) && e.owner?.account === account && e.label !== change.label)
    .map((e) => e.index);
  const remove = entries.filter((e) => change.remove.includes(e.cidr) && e.label === change.label).map((e) => e.index);
  return { add, relabel, remove };
}
