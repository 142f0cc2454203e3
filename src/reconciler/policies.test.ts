import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Change } from "../core/plan.js";
import { blastRadius, describeDeletes } from "./policies.js";

const policy = { allowDelete: true, maxDeletes: 10, maxDeletePercent: 25, overrideBlastRadius: false };

const remove = (account: string, kind: string, object: string, fields: Partial<Change> = {}): Change => ({
  id: `p/${account}/${kind}/${object}#delete`,
  provider: "p",
  account,
  kind,
  object,
  name: object,
  declarations: [],
  regions: [],
  action: "delete",
  policy: "manage",
  status: "pending",
  diffs: [],
  target: object,
  basis: "",
  delete_count: 1,
  ...fields,
});

const urls = (account: string, object: string, n: number) =>
  remove(account, "application", object, { delete_count: n, delete_unit: "URL" });
const monitors = (n: number) => Array.from({ length: n }, (_, i) => remove("dd-ap", "monitor", `m${i}`));

describe("blast-radius guard", () => {
  it("lets a region leave a handful of objects and a few URLs, and says what it counts", () => {
    const region = [urls("auth0-us", "Admin Console", 3), ...monitors(3), remove("gh", "environment", "production-ap")];
    // The tenant owns 6 URLs, half of them ap's: a share of a small set is no reason to stop.
    assert.equal(blastRadius(region, new Map([["auth0-us", { application: 6 }]]), policy), undefined);
    assert.equal(describeDeletes(region), "3 URLs in 1 application, 3 monitors and 1 environment");
  });

  it("stops a plan that deletes dozens of monitors", () => {
    const refusal = blastRadius(monitors(12), new Map([["dd-ap", { monitor: 400 }]]), policy);
    assert.match(refusal ?? "", /^the plan deletes 12 monitors, more than blast_radius\.max_deletes \(10\)/);
  });

  it("stops a plan that strips most of a tenant's URLs, but not a few of a big tenant's", () => {
    const stripped = [urls("auth0-us", "a", 40), urls("auth0-us", "b", 40)];
    const refusal = blastRadius(stripped, new Map([["auth0-us", { application: 100 }]]), policy);
    assert.match(refusal ?? "", /removes 80 URLs in 2 applications from account 'auth0-us', 80% of the 100 URLs/);
    assert.equal(blastRadius(stripped, new Map([["auth0-us", { application: 400 }]]), policy), undefined);
  });

  it("steps aside when overridden", () => {
    assert.equal(blastRadius(monitors(50), new Map(), { ...policy, overrideBlastRadius: true }), undefined);
  });
});
