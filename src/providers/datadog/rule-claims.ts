/**
 * Claims: how two runs agree on who creates a notification rule. Datadog would keep two identical rules, but it refuses
 * a second identical monitor ("Duplicate of an existing monitor_id"), so a run that is about to create a rule first
 * creates a draft monitor named after the rule's definition. One run gets the claim and creates the rule; another run
 * meets the duplicate and waits for that rule instead of making its own. The claim is deleted once the rule's id is in
 * the ledger, so a claim that outlives its run (killed between the claim, the rule and the record) tells the next run
 * that a rule of that definition without a ledger record is regionsync's, not a person's.
 */
import { digestOf } from "./digest.js";
import { reasonsOf, statusOf, unlessGone } from "./errors.js";
import type { ObservedMonitor } from "./monitors-diff.js";
import { accountTag, OWNER_TAG } from "./monitors-spec.js";
import type { DatadogSession } from "./session.js";
import type { RuleAttributes } from "./session-clients.js";

export const CLAIM_TAG = "regionsync-claim:v1";
const MARKER = "regionsync-claim:";
const DUPLICATE = /Duplicate of an existing monitor_id:\s*(\d+)/;

export const isClaimMonitor = (monitor: Pick<ObservedMonitor, "tags">): boolean =>
  monitor.tags.some((t) => t.toLowerCase() === CLAIM_TAG);

/** What a claim names: the rule's name and definition. */
export const ruleDigest = ({ name, filter, recipients }: RuleAttributes): string =>
  digestOf({ name: name.trim(), filter, recipients });

/** A claim as observe sees it: its monitor, and the definition it stands for. */
export interface ClaimRecord {
  id: number;
  digest: string;
}

/** The claims among `monitors`. */
export const claimsAmong = (monitors: ObservedMonitor[]): ClaimRecord[] =>
  monitors.flatMap((m) => (isClaimMonitor(m) ? [{ id: m.id, digest: m.message.split(MARKER)[1]?.trim() ?? "" }] : []));

/** The id of the identical monitor Datadog refused to duplicate, if that is why `error` was thrown. */
export function duplicateOf(error: unknown): number | undefined {
  if (statusOf(error) !== 400) return undefined;
  const id = reasonsOf(error)
    .map((r) => DUPLICATE.exec(r)?.[1])
    .find(Boolean);
  return id === undefined ? undefined : Number(id);
}

function claimBody(account: string, digest: string) {
  return {
    name: `[regionsync] creating a notification rule (${digest}; do not edit)`,
    type: "query alert",
    query: "avg(last_5m):avg:regionsync.claim{*} > 1",
    message: `regionsync is creating a notification rule and deletes this draft when done.\n${MARKER}${digest}`,
    tags: [OWNER_TAG, CLAIM_TAG, accountTag(account)],
    draft_status: "draft",
    options: { thresholds: { critical: 1 }, notify_no_data: false },
  };
}

export interface Claim {
  id: number;
  /** Whether this run made the claim; otherwise another run holds it. */
  mine: boolean;
  release(): Promise<void>;
}

/** Claims the creation of `rule`, or finds the claim another run holds. */
export async function claimRule(session: DatadogSession, rule: RuleAttributes): Promise<Claim> {
  const body = claimBody(session.account, ruleDigest(rule));
  const held = (id: number, mine: boolean): Claim => ({
    id,
    mine,
    release: () => unlessGone(session.monitors.remove(id)),
  });
  try {
    const made = await session.monitors.create(body);
    return held(made.id ?? 0, true);
  } catch (error) {
    const id = duplicateOf(error);
    if (id === undefined) throw error;
    return held(id, false);
  }
}
