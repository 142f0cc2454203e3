import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasChanges, PLAN_FORMAT_VERSION, type Plan, planFromJson, planToJson } from "./plan.js";

const plan: Plan = {
  format_version: PLAN_FORMAT_VERSION,
  created_at: "2026-01-01T00:00:00.000Z",
  desired_state: { file: "desired-state.yaml", digest: "d" },
  scope: { adopt: true },
  regions: ["us"],
  coverage: [],
  changes: [
    {
      id: "memory/mem/thing/web#adopt",
      provider: "memory",
      account: "mem",
      kind: "thing",
      object: "web",
      name: "web",
      declarations: [],
      regions: ["us"],
      action: "adopt",
      policy: "manage",
      status: "pending",
      diffs: [],
      target: "memory/mem/thing/web",
      basis: "b",
    },
  ],
  diagnostics: [],
  summary: { create: 0, update: 0, delete: 0, manual: 0, adopt: 1, drift: 0, held: 0, errors: 0 },
};

describe("plan format 1.1", () => {
  it("writes and reads back an adoption, which counts as a change", () => {
    const read = planFromJson(JSON.parse(JSON.stringify(planToJson(plan))));
    assert.equal(read.format_version, "1.1");
    assert.equal(read.changes[0]?.action, "adopt");
    assert.equal(read.scope.adopt, true);
    assert.ok(hasChanges(read));
  });

  it("still reads a 1.0 plan, which knows no adoption", () => {
    const { adopt: _adopt, ...summary } = plan.summary;
    const old = { ...plan, format_version: "1.0", scope: {}, changes: [], summary };
    const read = planFromJson(JSON.parse(JSON.stringify(old)));
    assert.equal(read.summary.adopt, 0);
    assert.equal(hasChanges(read), false);
  });
});
