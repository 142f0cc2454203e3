import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { parseDocument } from "yaml";
import { Orgs, plan, reconcile } from "./harness.js";

/** The root desired-state.yaml, reduced to its Datadog parts. */
function rootDatadog() {
  const doc = parseDocument(readFileSync(new URL("../../../desired-state.yaml", import.meta.url), "utf8"));
  const resources = doc.get("resources") as { items: Array<{ key: { value: string } }> };
  for (const item of [...resources.items])
    if (item.key.value !== "datadog") doc.deleteIn(["resources", item.key.value]);
  for (const name of ["auth0-us", "auth0-eu", "github"]) doc.deleteIn(["accounts", name]);
  for (const region of ["us", "eu"]) doc.deleteIn(["regions", region, "accounts", "auth0"]);
  return doc;
}

describe("datadog sandbox orgs", () => {
  let orgs: Orgs;
  before(async () => {
    orgs = await Orgs.start("sample");
  });
  after(() => orgs.close());

  it("seed the US org in sync with the root desired state and leave the EU region to create", async () => {
    const planned = await plan(orgs.load(rootDatadog()));
    const monitorChanges = planned.changes.filter((c) => c.kind === "monitor");
    assert.deepEqual(
      monitorChanges.map((c) => [c.account, c.action, c.name]),
      [
        ["datadog-eu", "create", "[eu] API error rate is high"],
        ["datadog-eu", "create", "[eu] API p99 latency"],
        ["datadog-eu", "create", "[eu] Checkout queue backlog"],
      ],
      "the US monitors are in sync, their hand-made namesake is not regionsync's; the EU ones are missing",
    );
    assert.equal([...orgs.us.org.monitors.values()].filter((m) => m.name === "[us] API p99 latency").length, 2);
    assert.deepEqual(
      planned.diagnostics.map((d) => [d.code, d.instance]),
      [["datadog.monitor-never-fires", "datadog/monitor/[eu] Checkout queue backlog@eu"]],
      "the EU org collects no SQS metrics yet: the EU checkout monitor would never fire",
    );
    const allowlist = planned.changes.filter((c) => c.kind === "ip_allowlist");
    assert.deepEqual(
      allowlist.map((c) => [c.account, c.action, c.name, c.diffs.map((d) => d.after)]),
      [["datadog-eu", "create", "Regional egress@eu", ["203.0.113.64/28", "2001:db8:2000::/56"]]],
      "the US org allows the US egress already; the EU org gets the EU egress",
    );
  });

  it("reaches a steady state in one apply, hand-made monitors untouched", async () => {
    const handMade = () =>
      [orgs.us, orgs.eu].map((dd) =>
        [...dd.org.monitors.values()].filter((m) => !(m.tags as string[]).includes("managed-by:regionsync")),
      );
    const before = structuredClone(handMade());
    const state = orgs.load(rootDatadog());
    const { applied } = await reconcile(state);
    assert.ok(applied.ok, JSON.stringify(applied.results));
    assert.deepEqual((await plan(state)).changes, []);
    assert.deepEqual(handMade(), before);
  });
});
