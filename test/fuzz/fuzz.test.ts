/**
 * The seeded fuzzer in the suite: 500 mutated documents through the loader in process, and 20 of them through the CLI
 * (`validate`, and `plan` for the invalid ones) in child processes against a loopback tripwire. A failure prints its
 * seed; FUZZ_SEED=N replays that one document, FUZZ_SEED_BASE and FUZZ_DOCS explore further. bench/fuzz.ts runs more.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { tempDir } from "../cli/helpers.js";
import { bases, fuzzEnv, PLACEHOLDER } from "./bases.js";
import { CRASH, checkCliSeeds, checkLoader, replayHint, startTripwire, type Verdict } from "./check.js";
import { documentFor } from "./generate.js";

const replay = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const first = Number(process.env.FUZZ_SEED_BASE ?? 20261202);
const count = Number(process.env.FUZZ_DOCS ?? 500);
const seeds = replay === undefined ? Array.from({ length: count }, (_, i) => first + i) : [replay];
/** Every 25th document also goes through the CLI. */
const cliSeeds = replay === undefined ? seeds.filter((_, i) => i % 25 === 0) : seeds;

const report = (failures: Verdict[]) =>
  failures
    .map((f) => `seed ${f.seed} (${replayHint(f.seed)}):\n  ${f.problems.join("\n  ")}`)
    .join("\n")
    .slice(0, 20_000);

describe(`fuzzing desired-state.yaml (seeds ${seeds[0]}…${seeds.at(-1)})`, () => {
  const docs = bases();
  let dir = "";
  before(async () => {
    dir = await tempDir();
  });

  it("a document is a function of its seed", () => {
    assert.equal(documentFor(7, docs).text, documentFor(7, docs).text);
    assert.notEqual(documentFor(7, docs).text, documentFor(8, docs).text);
  });

  it("the crash pattern catches a stack trace and the CLI's last resort", () => {
    assert.match(`oops\n${new Error("x").stack}`, CRASH);
    assert.match('{"level":"error","msg":"unexpected failure"}', CRASH);
    assert.doesNotMatch("desired-state.yaml:3:5: error: unknown key 'at' (did you mean 'api_url'?)", CRASH);
  });

  it(`the loader never crashes or hangs, and refuses invalid documents with file:line:column (${seeds.length} documents)`, async () => {
    const file = join(dir, "desired-state.yaml");
    const verdicts: Verdict[] = [];
    for (const seed of seeds) verdicts.push(await checkLoader(seed, docs, file, fuzzEnv(PLACEHOLDER)));
    const failures = verdicts.filter((v) => v.problems.length > 0);
    assert.deepEqual(
      failures.map((f) => f.seed),
      [],
      report(failures),
    );
    if (replay === undefined) {
      const invalid = verdicts.filter((v) => !v.valid).length;
      assert.ok(invalid >= seeds.length / 2, `most mutations make an invalid document (${invalid} of ${seeds.length})`);
    }
  });

  describe("through the CLI, against a loopback tripwire", () => {
    let tripwire: Awaited<ReturnType<typeof startTripwire>>;
    before(async () => {
      tripwire = await startTripwire();
    });
    after(() => tripwire.close());

    it(`validate and plan print no stack trace and reach nothing on invalid input (${cliSeeds.length} documents)`, async () => {
      const verdicts = await checkCliSeeds(cliSeeds, docs, dir, tripwire);
      const failures = verdicts.filter((v) => v.problems.length > 0);
      assert.deepEqual(
        failures.map((f) => f.seed),
        [],
        report(failures),
      );
      if (replay === undefined)
        assert.ok(
          verdicts.some((v) => !v.valid),
          "the sample holds invalid documents",
        );
    });
  });
});
