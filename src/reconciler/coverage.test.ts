import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Declaration } from "../core/desired-state.js";
import type { Change } from "../core/plan.js";
import type { Instance } from "../core/types.js";
import { buildCoverage, coverageColumns } from "./coverage.js";

const declaration: Declaration = {
  id: "p/thing/web",
  provider: "p",
  kind: "thing",
  name: "web-${region.name}",
  regions: ["us", "eu"],
  names: { us: "web-us", eu: "web-eu" },
  policy: "manage",
};
const global: Declaration = {
  ...declaration,
  id: "p/thing/global",
  name: "global",
  regions: [],
  names: { "*": "global" },
};
const instance = (region: string | null, account: string): Instance => ({
  id: `p/thing/web@${region}`,
  provider: "p",
  kind: "thing",
  declaration: region ? declaration.id : global.id,
  region,
  account,
  policy: "manage",
  allowDelete: false,
  spec: {},
  fieldPositions: {},
});
const change = (fields: Partial<Change>): Change => ({
  id: "p/a/thing/web-eu#update",
  object: "web-eu",
  target: "p/a/thing/web-eu",
  provider: "p",
  account: "a",
  kind: "thing",
  name: "web-eu",
  declarations: [declaration.id],
  regions: ["eu"],
  action: "update",
  policy: "manage",
  diffs: [],
  basis: "",
  status: "pending",
  ...fields,
});

describe("region coverage matrix", () => {
  it("has a column per declared region in region order (one that nothing serves too), and (global) last", () => {
    assert.deepEqual(coverageColumns([declaration, global], ["ap", "us", "eu"]), ["ap", "us", "eu", "*"]);
    assert.deepEqual(coverageColumns([declaration], ["us", "eu", "ap"]), ["us", "eu", "ap"]);
  });

  it("names each row's resource per region, placeholders filled in", () => {
    const rows = buildCoverage([declaration], ["us", "eu", "ap"], [instance("us", "a"), instance("eu", "a")], [], []);
    assert.deepEqual(rows[0]?.names, { us: "web-us", eu: "web-eu" });
  });

  it("shows the most urgent state of each cell", () => {
    const instances = [instance("us", "a"), instance("eu", "a")];
    const rows = buildCoverage(
      [declaration],
      ["us", "eu", "ap"],
      instances,
      [change({}), change({ id: "m", action: "manual" })],
      [],
    );
    assert.deepEqual(rows[0]?.cells, { us: "in-sync", eu: "manual", ap: "not-declared" });
  });

  it("marks drift, held deletes and errors", () => {
    const instances = [instance("us", "a"), instance("eu", "b")];
    const drift = buildCoverage([declaration], ["us", "eu"], instances, [change({ status: "observe-only" })], []);
    assert.equal(drift[0]?.cells.eu, "drift");
    const held = buildCoverage(
      [declaration],
      ["us", "eu"],
      instances,
      [change({ status: "held", action: "delete" })],
      [],
    );
    assert.equal(held[0]?.cells.eu, "held");
    const failed = buildCoverage([declaration], ["us", "eu"], instances, [], [], new Set(["b"]));
    assert.deepEqual(
      failed[0]?.cells,
      { us: "in-sync", eu: "error" },
      "an account that could not be observed is an error",
    );
    const diagnosed = buildCoverage(
      [declaration],
      ["us", "eu"],
      instances,
      [],
      [{ severity: "error", code: "account-failed", message: "x", instance: "p/thing/web@us" }],
    );
    assert.equal(diagnosed[0]?.cells.us, "error");
  });

  it("marks a cell whose instance has a warning (a monitor that would never fire), above a change, below an error", () => {
    const instances = [instance("us", "a"), instance("eu", "a")];
    const warning = {
      severity: "warning" as const,
      code: "p.never-fires" as const,
      message: "x",
      instance: "p/thing/web@eu",
    };
    const rows = buildCoverage([declaration], ["us", "eu"], instances, [change({})], [warning]);
    assert.deepEqual(rows[0]?.cells, { us: "in-sync", eu: "warning" });
    const both = buildCoverage(
      [declaration],
      ["us", "eu"],
      instances,
      [],
      [warning, { ...warning, severity: "error" }],
    );
    assert.equal(both[0]?.cells.eu, "error");
    const unnamed = buildCoverage([declaration], ["us", "eu"], instances, [], [{ ...warning, instance: undefined }]);
    assert.equal(unnamed[0]?.cells.eu, "in-sync", "a warning that names no instance marks no cell");
  });
});
