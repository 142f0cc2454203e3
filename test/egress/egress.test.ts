import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type EgressDoc, lines, Vendors } from "./harness.js";

interface RangesFile {
  syncToken: string;
  createDate: string;
  prefixes: Array<Record<string, string>>;
  ipv6_prefixes: Array<Record<string, string>>;
}

const label = (account: string, region: string, source: string) =>
  `managed-by:regionsync account:${account} region:${region} source:${source}`;
const EU_NETWORKS = ["203.0.113.64/28", "2001:db8:2000::/56"];

function snapshot(v: Vendors) {
  const file = JSON.parse(v.rangesFile() ?? "{}") as RangesFile;
  const entries = [...file.prefixes, ...file.ipv6_prefixes];
  return {
    file,
    /** Entries of other services than regionsync's, and of its US region. */
    notEu: entries
      .filter((e) => e.region !== "eu-west-1")
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    eu: entries.filter((e) => e.region === "eu-west-1"),
    github: lines(v.github.org.ipAllowList.entries.map((e) => ({ cidr: e.allowListValue, label: e.name }))),
    githubEntries: structuredClone(v.github.org.ipAllowList.entries),
    ddUs: structuredClone(v.us.org.ipAllowlist),
    ddEu: structuredClone(v.eu.org.ipAllowlist),
  };
}

/** Drops `eu` from the regions of every egress declaration. */
const withoutEu = (doc: EgressDoc) => {
  for (const list of [...Object.values(doc.resources.github), ...Object.values(doc.resources.datadog)]) {
    for (const decl of list) decl.regions = ["us"];
  }
};

describe("a region's egress across vendors", () => {
  let v: Vendors;
  let start: ReturnType<typeof snapshot>;
  before(async () => {
    v = await Vendors.start();
    start = snapshot(v);
  });
  after(() => v.close());

  it("adding the EU egress updates ip-ranges.json, the Datadog allowlist and the GitHub allow list, and nothing made by hand", async () => {
    const engine = v.engine(v.text());
    try {
      const plan = await engine.plan();
      assert.deepEqual(plan.diagnostics, []);
      assert.deepEqual(
        plan.changes.map((c) => [c.account, c.kind, c.action, c.status, c.name]),
        [
          ["github", "ip_allow_list", "create", "pending", "example-corp/Regional egress@eu"],
          ["github", "ip_ranges_file", "create", "pending", "example-corp/ip-ranges/ip-ranges.json@eu-west-1"],
          ["datadog-eu", "ip_allowlist", "create", "pending", "Regional egress@eu"],
        ],
      );
      const file = plan.changes.find((c) => c.kind === "ip_ranges_file")!;
      assert.deepEqual(file.diffs, [
        { path: "prefixes", op: "add", after: "203.0.113.64/28" },
        { path: "ipv6_prefixes", op: "add", after: "2001:db8:2000::/56" },
      ]);
      const report = await engine.apply(plan);
      assert.ok(report.ok, JSON.stringify(report.results));

      const now = snapshot(v);
      assert.deepEqual(now.notEu, start.notEu, "the US prefixes and a person's STATUS_CHECKS entry are as they were");
      assert.deepEqual(now.eu, [
        { ip_prefix: "203.0.113.64/28", region: "eu-west-1", service: "WEBHOOKS", network_border_group: "eu-west-1" },
        {
          ipv6_prefix: "2001:db8:2000::/56",
          region: "eu-west-1",
          service: "WEBHOOKS",
          network_border_group: "eu-west-1",
        },
      ]);
      assert.ok(Number(now.file.syncToken) > Number(start.file.syncToken), "a new publication has a larger syncToken");

      const ghLabel = label("github", "eu", "github/ip_allow_list/Regional egress");
      assert.deepEqual(
        now.github,
        [...start.github, ...EU_NETWORKS.map((c) => `${c} ${ghLabel}`)].sort(),
        "the EU networks are added; the office VPN and the US entries are untouched",
      );
      for (const before of start.githubEntries) {
        assert.deepEqual(
          v.github.org.ipAllowList.entries.find((e) => e.id === before.id),
          before,
        );
      }
      assert.ok(v.github.org.ipAllowList.entries.every((e) => e.isActive));

      assert.deepEqual(now.ddUs, start.ddUs, "the US org allowed the US egress already");
      const ddLabel = label("datadog-eu", "eu", "datadog/ip_allowlist/Regional egress");
      assert.deepEqual(
        now.ddEu.entries.slice(0, start.ddEu.entries.length),
        start.ddEu.entries,
        "the office VPN stays",
      );
      assert.deepEqual(
        now.ddEu.entries.slice(start.ddEu.entries.length).map((e) => [e.cidr_block, e.note]),
        EU_NETWORKS.map((c) => [c, ddLabel]),
      );
      assert.equal(now.ddEu.enabled, start.ddEu.enabled, "the allowlist is neither switched on nor off");

      const again = await engine.plan();
      assert.deepEqual(again.changes, []);
      const published = v.rangesFile();
      await engine.apply(again);
      assert.equal(v.rangesFile(), published, "an apply with nothing to do publishes nothing: the syncToken stays");
    } finally {
      await engine.close();
    }
  });

  it("removing the EU region removes only its entries, and only with --allow-delete", async () => {
    const added = snapshot(v);
    const engine = v.engine(v.text(withoutEu));
    try {
      const held = await engine.plan();
      assert.deepEqual(
        held.changes.map((c) => [c.account, c.kind, c.action, c.status, c.delete_count]),
        [
          ["github", "ip_allow_list", "delete", "held", 2],
          ["github", "ip_ranges_file", "delete", "held", 2],
          ["datadog-eu", "ip_allowlist", "delete", "held", 2],
        ],
      );
      await engine.apply(held);
      assert.deepEqual(snapshot(v), added, "held deletes write nothing");

      const allowed = await engine.plan(true);
      assert.ok(allowed.changes.every((c) => c.status === "pending"));
      const report = await engine.apply(allowed);
      assert.ok(report.ok, JSON.stringify(report.results));
      const now = snapshot(v);
      assert.deepEqual(now.notEu, start.notEu);
      assert.deepEqual(now.eu, []);
      assert.ok(Number(now.file.syncToken) > Number(added.file.syncToken));
      assert.deepEqual(now.github, start.github);
      assert.deepEqual(now.ddUs, start.ddUs);
      assert.deepEqual(now.ddEu, start.ddEu, "only the office VPN is left in the EU org");
      assert.deepEqual((await engine.plan(true)).changes, []);
    } finally {
      await engine.close();
    }
  });
});
