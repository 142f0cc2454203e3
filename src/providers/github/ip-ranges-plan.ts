/**
 * Planning ip-ranges.json: per `region` of the file (the prefix region, e.g. eu-west-1), the service's prefixes to add
 * or re-home as one create or update, and those to remove as a delete of their own (held unless deletes are allowed).
 * The copy served at `published_url` is compared the same way, as observe-only drift.
 */

import { sortCidrs } from "../../core/cidr.js";
import type { ChangeDraft, KindObservation, KindPlan } from "../../core/kind.js";
import { egressOf } from "../../core/network-sets.js";
import type { FieldDiff, Instance } from "../../core/types.js";
import { basisOf } from "./digest.js";
import type { IpRanges } from "./ip-ranges-document.js";
import { fileKey, type IpRangesState, type ObservedRangesFile } from "./ip-ranges-observe.js";
import type { IpRangesPayload, IpRangesSpec } from "./ip-ranges-schema.js";

type Draft = ChangeDraft<IpRangesPayload>;

interface RegionWant {
  network_border_group: string;
  prefixes: string[];
  regions: string[];
}

/** The declared prefixes per prefix region; the first region's border group wins (validate reports a conflict). */
function wanted(instances: Instance<IpRangesSpec>[]): Map<string, RegionWant> {
  const want = new Map<string, RegionWant>();
  for (const i of instances) {
    const region = i.spec.prefix_region;
    const entry = want.get(region) ?? {
      network_border_group: i.spec.network_border_group ?? region,
      prefixes: [],
      regions: [],
    };
    entry.prefixes.push(...egressOf(i));
    if (i.region) entry.regions.push(i.region);
    want.set(region, entry);
  }
  return want;
}

interface RegionDelta {
  region: string;
  want?: RegionWant;
  add: string[];
  remove: string[];
  owned: number;
}

/** What differs between the service's entries in `ranges` and the declared prefixes, per prefix region. */
function deltas(ranges: IpRanges | undefined, service: string, want: Map<string, RegionWant>): RegionDelta[] {
  const ours = (ranges?.entries ?? []).filter((e) => e.service === service);
  const desiredAnywhere = new Set([...want.values()].flatMap((w) => w.prefixes));
  const regions = [...new Set([...want.keys(), ...ours.map((e) => e.region)])].sort();
  return regions.flatMap((region) => {
    const w = want.get(region);
    const owned = ours.filter((e) => e.region === region);
    const add = (w?.prefixes ?? []).filter(
      (p) => !owned.some((e) => e.prefix === p && e.network_border_group === w!.network_border_group),
    );
    // A prefix declared in another region moves there with that region's addition, not with a delete here.
    const remove = owned.map((e) => e.prefix).filter((p) => !w?.prefixes.includes(p) && !desiredAnywhere.has(p));
    return add.length + remove.length > 0
      ? [{ region, want: w, add: sortCidrs(add), remove: sortCidrs(remove), owned: owned.length }]
      : [];
  });
}

const familyKey = (cidr: string) => (cidr.includes(":") ? "ipv6_prefixes" : "prefixes");
const diffsOf = (add: string[], remove: string[]): FieldDiff[] => [
  ...add.map((p) => ({ path: familyKey(p), op: "add" as const, after: p })),
  ...remove.map((p) => ({ path: familyKey(p), op: "remove" as const, before: p })),
];

function fileDrafts(instances: Instance<IpRangesSpec>[], file: ObservedRangesFile): Draft[] {
  const spec = instances[0]!.spec;
  const key = fileKey(spec);
  const want = wanted(instances);
  const declaration = instances[0]!.declaration;
  const basis = basisOf({ sha: file.sha ?? null, branch: file.branch });
  const drafts: Draft[] = [];
  for (const d of deltas(file.ranges, spec.service, want)) {
    const base = {
      object: `${key}@${d.region}`,
      name: `${key}@${d.region}`,
      declarations: [declaration],
      regions: d.want?.regions ?? [],
      policy: instances[0]!.policy,
      target: `ip_ranges/${key}`,
      basis,
    };
    const payload = {
      repository: spec.repository,
      path: spec.path,
      branch: file.branch,
      publish: spec.publish,
      service: spec.service,
      region: d.region,
      network_border_group: d.want?.network_border_group ?? d.region,
    };
    if (d.add.length > 0) {
      const action = d.owned === 0 ? ("create" as const) : ("update" as const);
      drafts.push({ ...base, action, diffs: diffsOf(d.add, []), payload: { ...payload, add: d.add, remove: [] } });
    }
    if (d.remove.length > 0) {
      const diffs = diffsOf([], d.remove);
      drafts.push({
        ...base,
        action: "delete",
        diffs,
        delete_count: d.remove.length,
        delete_unit: "network",
        payload: { ...payload, add: [], remove: d.remove },
      });
    }
  }
  const published = file.published;
  if (published?.ranges) {
    for (const d of deltas(published.ranges, spec.service, want)) {
      drafts.push({
        object: `${published.url}@${d.region}`,
        name: `${published.url}@${d.region}`,
        action: "update",
        declarations: [declaration],
        regions: d.want?.regions ?? [],
        policy: "observe",
        diffs: diffsOf(d.add, d.remove),
        basis: basisOf(published.ranges),
      });
    }
  }
  return drafts;
}

export function planIpRanges(
  instances: Instance<IpRangesSpec>[],
  { state }: KindObservation<IpRangesState>,
): KindPlan<IpRangesPayload> {
  const byFile = new Map<string, Instance<IpRangesSpec>[]>();
  for (const i of instances) byFile.set(fileKey(i.spec), [...(byFile.get(fileKey(i.spec)) ?? []), i]);
  const changes = [...byFile].flatMap(([key, group]) => (state.files[key] ? fileDrafts(group, state.files[key]) : []));
  return { changes, diagnostics: [] };
}
