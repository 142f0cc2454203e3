import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseDocument } from "yaml";
import { loadDesiredStateText } from "../../src/config/index.js";
import { allowingEndpointsOf } from "../support/operator.js";
import { desiredState, Orgs, plan, providers, reconcile } from "./harness.js";

const egress = {
  us: { ipv4: ["203.0.113.0/28"], ipv6: [] },
  eu: { ipv4: ["203.0.113.64/28"], ipv6: ["2001:db8:2000::/56"] },
};

/** The harness's two regions with egress, and one allowlist declaration. */
function withAllowlist(decl: Record<string, unknown> = {}) {
  const doc = desiredState({ ip_allowlist: [{ name: "Egress", regions: ["us", "eu"], ...decl }] });
  for (const [region, networks] of Object.entries(egress))
    doc.setIn(["regions", region, "egress"], doc.createNode(networks));
  return parseDocument(doc.toString());
}

describe("datadog IP allowlist", () => {
  let orgs: Orgs;
  before(async () => {
    orgs = await Orgs.start();
  });
  after(() => orgs.close());

  it("where the org has no IP allowlist, plans a manual change instead of failing the run", async () => {
    orgs.eu.org.ipAllowlist.available = false;
    try {
      const planned = await plan(orgs.load(withAllowlist()));
      assert.deepEqual(planned.summary.errors, 0);
      const manual = planned.changes.find((c) => c.account === "datadog-eu")!;
      assert.equal(manual.action, "manual");
      assert.match(manual.instructions!.summary, /HTTP 403: IP allowlist is not available/);
      assert.match(manual.instructions!.steps.join(" "), /203\.0\.113\.64\/28, 2001:db8:2000::\/56/);
      assert.equal(planned.coverage[0]?.cells.eu, "manual");
      assert.equal(planned.changes.find((c) => c.account === "datadog-us")?.action, "create");
    } finally {
      orgs.eu.org.ipAllowlist.available = true;
    }
  });

  it("keeps the allowlist switched on or off as it was, unless the declaration says `enabled`", async () => {
    const us = orgs.us.org.ipAllowlist;
    us.entries.push({
      id: "vpn",
      cidr_block: "127.0.0.1/32",
      note: "loopback, by hand",
      created_at: "t",
      modified_at: "t",
    });
    us.enabled = true;
    const first = await reconcile(orgs.load(withAllowlist()));
    assert.ok(first.applied.ok, JSON.stringify(first.applied.results));
    assert.equal(us.enabled, true);
    assert.equal(orgs.eu.org.ipAllowlist.enabled, false);
    assert.deepEqual(
      us.entries.map((e) => e.cidr_block),
      ["127.0.0.1/32", "203.0.113.0/28"],
    );

    const off = await reconcile(orgs.load(withAllowlist({ enabled: false })));
    assert.deepEqual(
      off.plan.changes.map((c) => [c.account, c.name, c.diffs]),
      [["datadog-us", "enabled", [{ path: "enabled", op: "change", before: true, after: false }]]],
    );
    assert.equal(us.enabled, false);
  });

  it("refuses to turn the allowlist on without the caller's address, as Datadog does, and says why", async () => {
    const { plan: planned, applied } = await reconcile(orgs.load(withAllowlist({ enabled: true })));
    const eu = planned.changes.find((c) => c.account === "datadog-eu" && c.name === "enabled");
    assert.ok(eu);
    const result = applied.results.find((r) => r.changeId === eu.id);
    assert.equal(result?.status, "failed");
    assert.match(result?.message ?? "", /without the current IP address/);
    assert.equal(orgs.eu.org.ipAllowlist.enabled, false);
  });

  it("validate: the allowlist follows regions, and says so when a region declares no networks", () => {
    const doc = withAllowlist();
    doc.deleteIn(["regions", "us", "egress"]);
    let text = doc.toString();
    const empty = loadDesiredStateText(text, "desired-state.yaml", providers, allowingEndpointsOf(text));
    assert.deepEqual(
      empty.diagnostics.map((d) => [d.severity, d.code, d.instance]),
      [["warning", "datadog.egress-missing", "datadog/ip_allowlist/Egress@us"]],
    );
    doc.deleteIn(["resources", "datadog", "ip_allowlist", 0, "regions"]);
    doc.setIn(["resources", "datadog", "ip_allowlist", 0, "account"], "datadog-us");
    text = doc.toString();
    const global = loadDesiredStateText(text, "desired-state.yaml", providers, allowingEndpointsOf(text));
    assert.deepEqual(
      global.diagnostics.filter((d) => d.code.startsWith("datadog.")).map((d) => [d.severity, d.code]),
      [["error", "datadog.egress-missing"]],
    );
    assert.match(global.diagnostics.find((d) => d.code === "datadog.egress-missing")!.message, /declares no regions/);
  });
});
