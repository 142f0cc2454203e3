/**
 * The fault matrix of issue 10: each vendor × each cell below. A cell's run either `recovered` (the faulted run exits
 * 0 and the plan right after it has no changes) or was `reported` (it exits 1 naming the vendor's answer, and the next
 * `apply --yes` converges). Either way the cell then asserts: the plan says no changes, the vendor holds no duplicate
 * (its inventory equals that of a fault-free run), nothing regionsync does not own was touched, and no output shows a
 * stack trace. docs/fault-matrix.md is the table of these outcomes; test/faults/doc.test.ts keeps it in step.
 */

export const CELLS = [
  { name: "429-storm", title: "429 storm", fault: "three rate-limit answers in a row on a read, and on a write" },
  { name: "5xx", title: "5xx", fault: "one 5xx on a read; a write answered 5xx on every attempt" },
  {
    name: "reset",
    title: "reset",
    fault: "a read's connection reset; a write carried out, then its connection cut before the answer",
  },
  {
    name: "hang",
    title: "hang past the timeout",
    fault: "a read and a create hang 2 s, past a 500 ms timeout; the vendor carries the create out when the 2 s end",
  },
  {
    name: "401-expiry",
    title: "401 and token expiry",
    fault: "after the first write, the credential is refused on every request (expired or revoked)",
  },
  { name: "change-fails", title: "a change failing mid-apply", fault: "one write refused with the vendor's 4xx" },
  {
    name: "sigkill",
    title: "SIGKILL mid-apply, then rerun",
    fault: "`apply --yes` in a child process killed with SIGKILL after its Nth write; a new child reruns it",
  },
  {
    name: "person-edit",
    title: "a person's edit between plan and apply",
    fault: "`plan --out`, then a person edits an object the plan changes, then `apply PLAN`",
  },
  {
    name: "concurrent",
    title: "two applies at once",
    fault: "two `apply --yes` child processes started together",
  },
] as const;

export type CellName = (typeof CELLS)[number]["name"];

/** The cells where a fault may be recovered from within the run; the other three have fixed outcomes. */
export type FaultCell = Exclude<CellName, "sigkill" | "person-edit" | "concurrent">;

export type Outcome = "recovered" | "reported";

/**
 * How every vendor comes out of each fault cell; the matrix asserts it, the doc shows it. A fault within the retry
 * budget is recovered from; one that outlasts it (a write that keeps failing), or that no retry can cure (a refused
 * credential, a refused change), is reported and left to the next run.
 */
export const EXPECTED: Record<FaultCell, Outcome> = {
  "429-storm": "recovered",
  "5xx": "reported",
  reset: "recovered",
  hang: "recovered",
  "401-expiry": "reported",
  "change-fails": "reported",
};

/** The fixed outcomes of the other cells, as the doc states them. */
export const FIXED_OUTCOMES: Record<Exclude<CellName, FaultCell>, string> = {
  sigkill: "killed; the rerun converged",
  "person-edit": "refused as stale; the rerun kept the edit",
  concurrent: "both ran; the rerun converged",
};

/** A cell that cannot apply to a vendor, and why (after Hono's `skip: [{ reason, tests }]`). */
export interface Skip {
  reason: string;
  cells: CellName[];
}

/** A vendor that comes out of a fault cell otherwise than `EXPECTED` says, and why. */
export interface Deviation {
  reason: string;
  cells: FaultCell[];
  outcome: Outcome;
}
