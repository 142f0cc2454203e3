/**
 * The fault matrix driver (after test/conformance/suite.ts): one suite that every vendor's target runs, each cell on a
 * freshly seeded emulator, with the real CLI: in process for the fault cells, as child processes where a process must
 * die or two must run at once.
 */
import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { type CliResult, runCli, tempDir } from "../cli/helpers.js";
import { CELLS, type CellName, EXPECTED, type FaultCell } from "./cells.js";
import { ArmedFaults, afterWrites, killAfterWrites, latched, spawnCli } from "./child.js";
import type { FaultTarget, World } from "./target.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Node's stack frames, or the CLI's last-resort message: neither may reach a user. */
const CRASH = /\n\s+at .+:\d+:\d+\)?\n|unexpected failure/;

/**
 * With FAULT_MATRIX_REPORT set to a file, each cell appends what happened (one JSON line): the figures the table in
 * docs/fault-matrix.md is written from.
 */
function record(cell: Cell, name: string, outcome: string, detail: string): void {
  const file = process.env.FAULT_MATRIX_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify({ vendor: cell.target.vendor, cell: name, outcome, detail })}\n`);
}

/** The line of the output that says what failed. */
const failureLine = (text: string, pattern: RegExp) =>
  text
    .split("\n")
    .find((l) => pattern.test(l))
    ?.trim() ?? "";

interface Cell {
  target: FaultTarget;
  world: World;
  faults: ArmedFaults;
  dir: string;
  outputs: string[];
  cli(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
}

/** The plan after the cell says no changes; the vendor holds what a fault-free run makes, and what others own. */
async function assertConverged(cell: Cell, reference: string[], unowned: string): Promise<void> {
  const after = await cell.cli(["plan", "--detailed-exitcode"]);
  assert.equal(after.code, 0, `the plan after the cell says no changes:\n${after.stdout}${after.stderr}`);
  assert.deepEqual([...cell.world.inventory()].sort(), reference, "no duplicate, nothing missing");
  assert.equal(JSON.stringify(cell.world.unowned()), unowned, "nothing regionsync does not own was touched");
  for (const text of cell.outputs) assert.doesNotMatch(text, CRASH, "no stack trace, no unexpected failure");
}

/** Arms the cell's faults, runs `apply --yes` once; returns what it printed and how a report must name the fault. */
async function faultedApply(cell: Cell, name: FaultCell): Promise<{ result: CliResult; said: RegExp }> {
  const { target, faults } = cell;
  const { rateLimited, serverError, unauthorized, refusal } = target.faults;
  const answered = (fault: { kind: string; status?: number }) => new RegExp(`HTTP ${fault.status}\\b`);
  let env: NodeJS.ProcessEnv | undefined;
  let said = /no answer|closed|reset|network/;
  if (name === "429-storm") {
    faults.on([rateLimited(), rateLimited(), rateLimited()], latched(target.read));
    faults.on([rateLimited(), rateLimited(), rateLimited()], latched(target.write));
    said = answered(rateLimited());
  } else if (name === "5xx") {
    faults.on([serverError], target.read);
    faults.on(
      Array.from({ length: 12 }, () => serverError),
      latched(target.update),
    );
    said = answered(serverError);
  } else if (name === "reset") {
    faults.on([{ kind: "reset" }], target.read);
    faults.on([{ kind: "cut" }], target.create);
  } else if (name === "hang") {
    env = { ...cell.world.env, REGIONSYNC_REQUEST_TIMEOUT_MS: "500" };
    faults.on([{ kind: "delay", ms: 2000 }], target.read);
    faults.on([{ kind: "delay", ms: 2000 }], target.create);
    said = /timed out/;
  } else if (name === "401-expiry") {
    faults.on(
      Array.from({ length: 200 }, () => unauthorized),
      afterWrites(target.write, 1),
    );
    said = answered(unauthorized);
  } else {
    faults.on([refusal], target.update);
    said = answered(refusal);
  }
  const result = await cell.cli(["apply", "--yes"], env);
  faults.disarm();
  // A hung request is carried out when its delay ends, after the client gave up on it: before anything looks again.
  if (name === "hang") await sleep(2000);
  return { result, said };
}

async function faultCell(cell: Cell, name: FaultCell, reference: string[]): Promise<void> {
  const unowned = JSON.stringify(cell.world.unowned());
  const { result, said } = await faultedApply(cell, name);
  const outcome = result.code === 0 ? "recovered" : "reported";
  const deviation = cell.target.deviations?.find((d) => d.cells.includes(name));
  assert.equal(outcome, deviation?.outcome ?? EXPECTED[name], `${result.stdout}${result.stderr}`);
  if (outcome === "reported") {
    assert.equal(result.code, 1);
    assert.match(`${result.stdout}${result.stderr}`, said, "the report names the fault");
    const rerun = await cell.cli(["apply", "--yes"]);
    assert.equal(rerun.code, 0, `the next run converges:\n${rerun.stdout}${rerun.stderr}`);
  }
  await assertConverged(cell, reference, unowned);
  const line = failureLine(`${result.stdout}\n${result.stderr}`, outcome === "reported" ? said : /retried|rate limit/);
  record(cell, name, outcome, line);
}

async function sigkillCell(cell: Cell, writes: number, reference: string[]): Promise<void> {
  const unowned = JSON.stringify(cell.world.unowned());
  const env = cell.world.env;
  const { child, done } = spawnCli(["apply", "--yes", "-f", cell.world.file], env);
  const killed = killAfterWrites(cell.faults, cell.target.write, writes, child);
  const first = await done;
  cell.faults.disarm();
  assert.ok(killed(), `the child made more than ${writes} writes, so it was killed mid-apply:\n${first.stdout}`);
  assert.equal(first.signal, "SIGKILL");
  const rerun = await spawnCli(["apply", "--yes", "-f", cell.world.file], env).done;
  cell.outputs.push(rerun.stdout, rerun.stderr);
  assert.equal(rerun.code, 0, `the rerun converges:\n${rerun.stdout}${rerun.stderr}`);
  await assertConverged(cell, reference, unowned);
  record(cell, "sigkill", `killed after write ${writes}; the rerun converged`, failureLine(rerun.stdout, /applied/));
}

async function personEditCell(cell: Cell, reference: string[]): Promise<void> {
  const saved = join(cell.dir, "plan.json");
  const planned = await cell.cli(["plan", "--out", saved]);
  assert.equal(planned.code, 0, planned.stderr);
  const before = cell.world.inventory();
  cell.target.personEdit(cell.world);
  // What the person made belongs in the vendor's inventory from now on.
  const made = cell.world.inventory().filter((item) => !before.includes(item));
  const unowned = JSON.stringify(cell.world.unowned());
  const writes = cell.world.server.writes().length;
  const refused = await cell.cli(["apply", saved]);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout + refused.stderr, /is stale; nothing was applied/);
  assert.equal(cell.world.server.writes().length, writes, "a stale plan writes nothing");
  const rerun = await cell.cli(["apply", "--yes"]);
  assert.equal(rerun.code, 0, `${rerun.stdout}${rerun.stderr}`);
  assert.ok(cell.target.editSurvived(cell.world), "the person's edit survives");
  const expected = [...reference, ...made.filter((item) => !reference.includes(item))].sort();
  await assertConverged(cell, expected, unowned);
  record(
    cell,
    "person-edit",
    "refused as stale; the rerun kept the edit",
    failureLine(refused.stdout + refused.stderr, /^ {2}- /),
  );
}

async function concurrentCell(cell: Cell, reference: string[]): Promise<void> {
  const unowned = JSON.stringify(cell.world.unowned());
  const args = ["apply", "--yes", "-f", cell.world.file];
  const runs = await Promise.all([spawnCli(args, cell.world.env).done, spawnCli(args, cell.world.env).done]);
  for (const run of runs) {
    cell.outputs.push(run.stdout, run.stderr);
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}:\n${run.stderr}`);
    if (run.code === 1) assert.match(run.stdout + run.stderr, /error|failed/, "a failure says what failed");
  }
  const rerun = await cell.cli(["apply", "--yes"]);
  assert.equal(rerun.code, 0, `the next run converges:\n${rerun.stdout}${rerun.stderr}`);
  await assertConverged(cell, reference, unowned);
  const failures = runs.map((r) => failureLine(r.stdout, /failed|error/)).filter(Boolean);
  record(
    cell,
    "concurrent",
    `exit ${runs.map((r) => r.code).join(" and ")}; the rerun converged`,
    failures.join(" | "),
  );
}

export function runFaultMatrix(target: FaultTarget): void {
  describe(`${target.vendor} fault matrix`, () => {
    let reference: string[] = [];

    /** A fresh world for one cell, closed afterwards whatever happens. */
    async function inWorld(body: (cell: Cell) => Promise<void>): Promise<void> {
      const dir = await tempDir();
      const world = await target.start(dir);
      const outputs: string[] = [];
      const cell: Cell = {
        target,
        world,
        faults: new ArmedFaults(world.server),
        dir,
        outputs,
        async cli(args, env = world.env) {
          const result = await runCli([...args, "-f", world.file], { env, providers: target.providers });
          outputs.push(result.stdout, result.stderr);
          return result;
        },
      };
      try {
        await body(cell);
      } finally {
        await world.close();
      }
    }

    before(async () => {
      await inWorld(async (cell) => {
        const clean = await cell.cli(["apply", "--yes"]);
        assert.equal(clean.code, 0, `a fault-free run applies:\n${clean.stdout}${clean.stderr}`);
        reference = [...cell.world.inventory()].sort();
        assert.equal(new Set(reference).size, reference.length, "the fault-free run makes no duplicate");
      });
    });

    for (const { name, title, fault } of CELLS) {
      const skipped = target.skip?.find((s) => s.cells.includes(name as CellName));
      const run = (body: (cell: Cell) => Promise<void>) => () => inWorld(body);
      if (name === "sigkill") {
        for (const writes of target.killAfter) {
          it(
            `${title} (after write ${writes})`,
            { skip: skipped?.reason },
            run((c) => sigkillCell(c, writes, reference)),
          );
        }
      } else if (name === "person-edit") {
        it(
          `${title}: ${fault}`,
          { skip: skipped?.reason },
          run((c) => personEditCell(c, reference)),
        );
      } else if (name === "concurrent") {
        it(
          `${title}: ${fault}`,
          { skip: skipped?.reason },
          run((c) => concurrentCell(c, reference)),
        );
      } else {
        it(
          `${title}: ${fault}`,
          { skip: skipped?.reason },
          run((c) => faultCell(c, name, reference)),
        );
      }
    }
  });
}
