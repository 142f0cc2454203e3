/**
 * A saved plan edited by hand is refused before any vendor is contacted: the emulators that made the plan are replaced
 * by tripwires on the same ports, so any request apply sent would be counted.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { rootFile, runCli, sandboxFor, tempDir, tripwires } from "./helpers.js";

type JsonPlan = { changes: Array<{ id: string; kind: string; status: string; payload?: Record<string, unknown> }> };

describe("saved plans edited by hand", () => {
  it("are refused with the field named, and nothing reaches any vendor", async () => {
    const { sandbox, file, env } = await sandboxFor(rootFile);
    const dir = await tempDir();
    const planFile = join(dir, "plan.json");
    const urls = Object.values(sandbox.urls);
    try {
      const saved = await runCli(["plan", "-f", file, "--only", "auth0", "--out", planFile], { env });
      assert.equal(saved.code, 0, saved.stderr);
    } finally {
      await sandbox.close();
    }
    const plan = JSON.parse(await readFile(planFile, "utf8")) as JsonPlan;
    const change = plan.changes.find((c) => c.kind === "application" && c.status === "pending");
    assert.ok(change?.payload, "the plan has an application change to tamper with");

    const wrongType = join(dir, "wrong-type.json");
    await writeFile(
      wrongType,
      JSON.stringify({
        ...plan,
        changes: plan.changes.map((c) => (c === change ? { ...c, payload: { ...c.payload, clientId: 42 } } : c)),
      }),
    );
    const renamed = join(dir, "renamed.json");
    await writeFile(
      renamed,
      JSON.stringify({ ...plan, changes: plan.changes.map((c) => (c === change ? { ...c, id: `${c.id}x` } : c)) }),
    );

    const wire = await tripwires(urls);
    try {
      const typeRefusal = await runCli(["apply", wrongType, "-f", file], { env });
      assert.equal(typeRefusal.code, 1);
      assert.match(typeRefusal.stderr, /cannot be applied; nothing was sent to any vendor/);
      assert.match(
        typeRefusal.stderr,
        new RegExp(`${change.id.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: payload\\.clientId: `),
      );

      const idRefusal = await runCli(["apply", renamed, "-f", file], { env });
      assert.equal(idRefusal.code, 1);
      assert.match(idRefusal.stderr, /cannot read the saved plan .*changes\.\d+\.id: '.*x' does not match its change/);
      assert.equal(wire.hits(), 0, "no request reached any vendor");
    } finally {
      await wire.close();
    }
  });
});
