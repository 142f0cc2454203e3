import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { changeId, type Plan, planFromJson, planToJson } from "./plan.js";

const change = {
  provider: "auth0",
  account: "auth0-us",
  kind: "application",
  object: "abc",
  name: "Admin Console",
  declarations: [],
  regions: [],
  action: "delete" as const,
  policy: "manage" as const,
  status: "pending" as const,
  diffs: [{ path: "callbacks", op: "remove" as const, before: "https://admin.ap.example.com/cb" }],
  target: "auth0/auth0-us/application/abc",
  basis: "b",
  delete_count: 1,
};

const plan = (version: string, fields: Record<string, unknown> = {}): Plan =>
  ({
    format_version: version,
    created_at: "2026-12-01T00:00:00.000Z",
    desired_state: { file: "desired-state.yaml", digest: "d" },
    scope: {},
    regions: ["us"],
    coverage: [],
    changes: [{ ...change, id: changeId(change), ...fields }],
    diagnostics: [],
    summary: { create: 0, update: 0, delete: 1, manual: 0, drift: 0, held: 0, errors: 0 },
  }) as Plan;

describe("plan format", () => {
  it("reads a 1.0 plan (without 1.1's delete_unit and coverage names) and a 1.1 one", () => {
    assert.equal(planFromJson(JSON.parse(JSON.stringify(plan("1.0")))).changes[0]?.delete_unit, undefined);
    const read = planFromJson(JSON.parse(JSON.stringify(plan("1.1", { delete_unit: "URL" }))));
    assert.equal(read.changes[0]?.delete_unit, "URL");
    assert.throws(() => planFromJson(plan("2.0")), /unsupported plan format_version '2.0'/);
  });

  it("reads 1.2's warning cell", () => {
    const row = { declaration: "d", provider: "datadog", kind: "monitor", name: "m", cells: { us: "warning" } };
    const read = planFromJson(JSON.parse(JSON.stringify({ ...plan("1.2"), coverage: [row] })));
    assert.equal(read.coverage[0]?.cells.us, "warning");
  });

  it("never writes a sensitive value, and says where a value comes from", () => {
    const secret = { path: "secrets.X", op: "add" as const, after: "s3cr3t", sensitive: true, from: "auth0/x y (ap)" };
    const json = JSON.stringify(planToJson(plan("1.1", { diffs: [secret] })));
    assert.ok(!json.includes("s3cr3t"));
    assert.match(json, /"from":"auth0\/x y \(ap\)"/);
  });
});
