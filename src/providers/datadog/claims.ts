/**
 * Claims: how two runs agree on who does what only one may do at a time, in an API without locks or conditional writes.
 * Datadog refuses a second identical monitor ("Duplicate of an existing monitor_id"), so a run first creates a draft
 * monitor (draft monitors never evaluate or notify) whose definition names the subject; one run gets the claim, another
 * meets the duplicate. Two subjects are claimed:
 * - a notification rule's definition, by the run creating it: Datadog would keep two identical rules. The claim is
 *   deleted once the rule's id is in the ledger, so a claim that outlives its run (killed between the claim, the rule
 *   and the record) tells the next run that a rule of that definition without a ledger record is regionsync's, not a
 *   person's;
 * - the ledger, by a run writing it: the ledger is one monitor rewritten whole, so two runs' read-modify-writes would
 *   otherwise drop each other's records.
 * A claim older than `claimTimeoutMs` belongs to a run that was killed, and is taken over.
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
/** The ledger's subject; a rule's is a hex digest, so the two never meet. */
export const LEDGER_SUBJECT = "ledger";

export const isClaimMonitor = (monitor: Pick<ObservedMonitor, "tags">): boolean =>
  monitor.tags.some((t) => t.toLowerCase() === CLAIM_TAG);

/** What a rule's claim names: the rule's name and definition. */
export const ruleDigest = ({ name, filter, recipients }: RuleAttributes): string =>
  digestOf({ name: name.trim(), filter, recipients });

/** A claim as observe sees it: its monitor, and the subject it stands for. */
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

/** What the run holding a claim on `subject` is doing, in words. */
const doingOf = (subject: string) =>
  subject === LEDGER_SUBJECT ? "writing its ledger" : "creating a notification rule";

/** The draft monitor that claims `subject`; identical for every run of one account, which is what makes it a claim. */
export function claimMonitor(account: string, subject: string) {
  const doing = doingOf(subject);
  return {
    name: `[regionsync] ${doing} (${subject}; do not edit)`,
    type: "query alert",
    query: "avg(last_5m):avg:regionsync.claim{*} > 1",
    message: `regionsync is ${doing} and deletes this draft when done.\n${MARKER}${subject}`,
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

/** Claims `subject`, or finds the claim another run holds. */
export async function claim(session: DatadogSession, subject: string): Promise<Claim> {
  const held = (id: number, mine: boolean): Claim => ({
    id,
    mine,
    release: () => unlessGone(session.monitors.remove(id)),
  });
  try {
    const made = await session.monitors.create(claimMonitor(session.account, subject));
    return held(made.id ?? 0, true);
  } catch (error) {
    const id = duplicateOf(error);
    if (id === undefined) throw error;
    return held(id, false);
  }
}

/** How long ago another run made claim `id`; undefined once it is gone (released). */
export async function claimAge(session: DatadogSession, id: number): Promise<number | undefined> {
  const held = await session.monitors.get(id).catch((error) => {
    if (statusOf(error) === 404) return undefined;
    throw error;
  });
  if (held === undefined) return undefined;
  return held.created ? Date.now() - Date.parse(held.created) : Number.POSITIVE_INFINITY;
}

/**
 * Takes the claim on `subject`, waiting while another run holds it and taking over one its run left (older than
 * `claimTimeoutMs`). Gives up after waiting three times that long: a run that holds a claim so long is stuck.
 */
async function holdClaim(session: DatadogSession, subject: string): Promise<Claim> {
  const doing = doingOf(subject);
  let waited = 0;
  let released = 0;
  for (let poll = 1; ; poll++) {
    const taken = await claim(session, subject);
    if (taken.mine) return taken;
    const age = await claimAge(session, taken.id);
    // Released or left behind: claimed again at once, but not forever if other runs keep winning it.
    if (age === undefined || age > session.claimTimeoutMs) {
      if (age !== undefined) await taken.release();
      if (++released > 20) throw new Error(`other runs keep ${doing}; run again once they are done`);
      continue;
    }
    if (waited > 3 * session.claimTimeoutMs) {
      throw new Error(`another run has been ${doing} for ${Math.round(age / 1000)} s; run again once it is done`);
    }
    const pause = Math.min(1000, 50 * poll);
    await session.sleep(pause);
    waited += pause;
  }
}

/** Runs `write` holding the ledger's claim, so no other run's read-modify-write of the ledger falls in between. */
export async function holdingLedger<T>(session: DatadogSession, write: () => Promise<T>): Promise<T> {
  const held = await holdClaim(session, LEDGER_SUBJECT);
  let result: T;
  try {
    result = await write();
  } catch (error) {
    // The write's failure is the one to report; a claim left behind is taken over by the next run after the timeout.
    await held.release().catch(() => undefined);
    throw error;
  }
  await held.release();
  return result;
}
