/** Planning notification rules: owned rules (known from the ledger) are matched to declarations by name. */
import { z } from "zod";
import type { ChangeDraft, KindPlan } from "../../core/kind.js";
import type { Diagnostic, FieldDiff, Instance } from "../../core/types.js";
import { type ClaimRecord, LEDGER_SUBJECT, ruleDigest } from "./claims.js";
import { code } from "./codes.js";
import { canonicalJson, digestOf } from "./digest.js";
import { creation, draftFor, specOf } from "./drafts.js";
import { attributed, ledgerTarget, sourceOf } from "./ledger.js";
import { type Ledger, ledgerSourceSchema } from "./ledger-record.js";
import type { RuleAttributes } from "./session-clients.js";

export const ruleSchema = z.strictObject({
  scope: z
    .string()
    .min(1)
    .max(3000)
    .optional()
    .describe("Which monitors the rule routes, e.g. `region:${region.cloud_region}`. Give `scope` or `tags`."),
  tags: z.array(z.string().max(255)).min(1).max(20).optional().describe("All of these tags must match (AND)."),
  recipients: z
    .array(z.string().min(1).max(255))
    .min(1)
    .max(20)
    .describe("Handles as in a monitor message, with or without the leading `@`."),
});

export type RuleSpec = z.infer<typeof ruleSchema>;

const ruleAttributes: z.ZodType<RuleAttributes> = z.object({
  name: z.string(),
  filter: z.union([z.object({ scope: z.string() }), z.object({ tags: z.array(z.string()) })]),
  recipients: z.array(z.string()),
});

export const rulePayloadSchema = z.object({
  id: z.string().optional(),
  rule: ruleAttributes.optional(),
  source: ledgerSourceSchema.optional(),
  /** A claim's monitor, for the removal of a claim left by a run killed after it recorded its rule. */
  claim: z.number().optional(),
  /** The ledger's claim, for its release when a run was killed while writing the ledger. */
  ledgerClaim: z.number().optional(),
});
export type RulePayload = z.infer<typeof rulePayloadSchema>;

export interface ObservedRule extends RuleAttributes {
  id: string;
}

export interface RuleState {
  rules: ObservedRule[];
  ledger: Ledger;
  /** The claims of runs creating rules (claims.ts). */
  claimed: ClaimRecord[];
}

type Draft = ChangeDraft<RulePayload>;

/** The handle without `@`, as the API wants it; order does not matter to Datadog. */
export const normaliseRecipients = (list: readonly string[]) =>
  [...new Set(list.map((r) => r.trim().replace(/^@/, "")))].sort();

export function checkRule(instance: Instance<RuleSpec>): Diagnostic[] {
  const { scope, tags, name } = specOf(instance);
  if ((scope === undefined) !== (tags === undefined)) return [];
  return [
    {
      severity: "error",
      code: code("rule-filter"),
      message: `notification rule "${name}" needs exactly one of 'scope' and 'tags'`,
      hint: "route by a scope such as region:${region.cloud_region}",
      instance: instance.id,
      at: instance.at,
    },
  ];
}

function desiredRule(instance: Instance<RuleSpec>): RuleAttributes {
  const { name, scope, tags, recipients } = specOf(instance);
  return {
    name: name.trim(),
    filter: scope !== undefined ? { scope: scope.trim() } : { tags: [...new Set(tags ?? [])].sort() },
    recipients: normaliseRecipients(recipients),
  };
}

function diffRule(observed: ObservedRule, desired: RuleAttributes): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  if (canonicalJson(observed.filter) !== canonicalJson(desired.filter)) {
    diffs.push({ path: "filter", op: "change", before: observed.filter, after: desired.filter });
  }
  if (canonicalJson(observed.recipients) !== canonicalJson(desired.recipients)) {
    diffs.push({ path: "recipients", op: "change", before: observed.recipients, after: desired.recipients });
  }
  return diffs;
}

/**
 * Adopting a rule made by hand: its id goes into the ledger (rules carry no tags), nothing else is written; then the
 * update that brings it to the declaration, on the ledger's target so it follows the adoption.
 */
function adoption(instance: Instance, desired: RuleAttributes, namesake: ObservedRule, account: string): Draft[] {
  const common = { basis: digestOf(namesake), target: ledgerTarget(account) };
  const adopt: Draft = {
    ...draftFor(instance, desired.name, "adopt"),
    ...common,
    diffs: [{ path: "ownership", op: "add", after: `ledger rule ${namesake.id}` }],
    payload: { id: namesake.id, source: sourceOf(instance) },
  };
  const diffs = diffRule(namesake, desired);
  if (diffs.length === 0) return [adopt];
  return [
    adopt,
    { ...draftFor(instance, desired.name, "update"), ...common, diffs, payload: { id: namesake.id, rule: desired } },
  ];
}

/** Whether an observed rule is the desired one: same name, filter and recipients. */
export const sameRule = (observed: ObservedRule, desired: RuleAttributes): boolean =>
  observed.name.trim() === desired.name && diffRule(observed, desired).length === 0;

/** A rule the ledger does not list, of a definition a run claimed: that run made it, and was killed before recording. */
export const interrupted = ({ ledger, claimed }: RuleState, rule: ObservedRule): boolean =>
  !ledger.rules[rule.id] && claimed.some((c) => c.digest === ruleDigest(rule));

/** A second rule of the same name would page twice: a person adopts the hand-made one or renames one of them. */
function collision(instance: Instance, desired: RuleAttributes, namesake: ObservedRule): Draft {
  return {
    ...draftFor(instance, desired.name, "manual"),
    diffs: [],
    basis: digestOf(namesake),
    instructions: {
      summary: `Notification rule "${desired.name}" (id ${namesake.id}) was not made by regionsync; it is left untouched`,
      steps: [
        "To let regionsync manage it, adopt it: add 'adopt: true' to its declaration (or plan and apply with --adopt); regionsync records it in its ledger without changing it, and updates it to the declaration from then on.",
        "Or give the declared rule another name in desired-state.yaml,",
        `or delete the hand-made rule ${namesake.id} in Datadog (Monitors › Settings › Notification rules) so regionsync creates its own.`,
      ],
    },
  };
}

export function planRules(instances: Instance<RuleSpec>[], state: RuleState, account: string) {
  const { rules, ledger } = state;
  const plan: KindPlan<RulePayload> = { changes: [], diagnostics: [] };
  const owned = rules.filter((r) => ledger.rules[r.id]);
  const used = new Set<string>();
  for (const instance of instances) {
    if (checkRule(instance).length > 0) continue;
    const desired = desiredRule(instance);
    const mine = owned.find((r) => r.name.trim() === desired.name && !used.has(r.id));
    if (mine) {
      used.add(mine.id);
      const diffs = diffRule(mine, desired);
      if (diffs.length === 0) continue;
      plan.changes.push({
        ...draftFor(instance, desired.name, "update"),
        diffs,
        basis: digestOf(mine),
        payload: { id: mine.id, rule: desired },
      });
      continue;
    }
    const namesake = rules.find((r) => r.name.trim() === desired.name && !ledger.rules[r.id]);
    // A rule an interrupted create made is planned as the create, which records it.
    if (namesake && !interrupted(state, namesake)) {
      if (instance.adopt) {
        plan.changes.push(...adoption(instance, desired, namesake, account));
        continue;
      }
      plan.changes.push(collision(instance, desired, namesake));
      continue;
    }
    plan.changes.push({
      ...creation(instance, desired),
      target: ledgerTarget(account),
      payload: { rule: desired, source: sourceOf(instance) },
    });
  }
  for (const rule of owned.filter((r) => !used.has(r.id))) {
    plan.changes.push({
      // Two owned rules can share a name: the id tells them apart.
      object: `${rule.name}/${rule.id}`,
      name: rule.name,
      action: "delete",
      ...attributed(ledger.rules[rule.id]!),
      diffs: [{ path: "rule", op: "remove", before: { id: rule.id, name: rule.name } }],
      delete_count: 1,
      basis: digestOf(rule),
      target: ledgerTarget(account),
      payload: { id: rule.id },
    });
  }
  plan.changes.push(...leftoverClaims(state, account));
  return plan;
}

/**
 * A claim whose rule is in the ledger was left by a run killed between recording the rule and releasing the claim:
 * its removal is planned as an update of the rule's bookkeeping, not a delete, since no object of anyone's goes.
 */
function leftoverClaims({ rules, ledger, claimed }: RuleState, account: string): Draft[] {
  return claimed.flatMap((claim) => {
    if (claim.digest === LEDGER_SUBJECT) return [ledgerClaimRelease(claim, account)];
    const rule = rules.find((r) => ledger.rules[r.id] && ruleDigest(r) === claim.digest);
    if (!rule) return [];
    const draft: Draft = {
      object: `${rule.name}/claim`,
      name: rule.name,
      action: "update",
      ...attributed(ledger.rules[rule.id]!),
      diffs: [{ path: "claim", op: "remove", before: { monitor: claim.id } }],
      basis: digestOf(claim),
      target: ledgerTarget(account),
      payload: { claim: claim.id },
    };
    return [draft];
  });
}

/**
 * The ledger's claim seen by observe: left by a run killed while writing the ledger (or held by a run writing it now).
 * Its release waits for a live holder, and takes over a claim left behind once it is older than claims may be.
 */
function ledgerClaimRelease(claim: ClaimRecord, account: string): Draft {
  return {
    object: "ledger/claim",
    name: "ledger",
    action: "update",
    ...attributed({}),
    diffs: [{ path: "claim", op: "remove", before: { monitor: claim.id } }],
    basis: digestOf(claim),
    target: ledgerTarget(account),
    payload: { ledgerClaim: claim.id },
  };
}
