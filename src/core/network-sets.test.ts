import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mergeNetworkSet, networkDrafts, ownerLabel, parseOwnerLabel, planNetworkSet } from "./network-sets.js";
import type { Instance } from "./types.js";

const instance = (region: string, ipv4: string[], declaration = "v/ip_allowlist/Egress"): Instance => ({
  id: `${declaration}@${region}`,
  provider: "v",
  kind: "ip_allowlist",
  declaration,
  region,
  account: "a",
  policy: "manage",
  allowDelete: false,
  spec: {},
  fieldPositions: {},
  egress: { ipv4, ipv6: [] },
});
const mine = (region: string, declaration = "v/ip_allowlist/Egress", account = "a") =>
  ownerLabel({ account, region, declaration });

describe("allowlists as shared sets of networks", () => {
  it("labels entries so that their owner reads back", () => {
    const label = mine("eu", "v/ip_allowlist/Egress of EU");
    assert.equal(label, "managed-by:regionsync account:a region:eu source:v/ip_allowlist/Egress of EU");
    assert.deepEqual(parseOwnerLabel(label), {
      account: "a",
      region: "eu",
      declaration: "v/ip_allowlist/Egress of EU",
    });
    assert.equal(parseOwnerLabel("Office VPN"), undefined);
    assert.equal(parseOwnerLabel(null), undefined);
  });

  it("adds what no entry allows, removes only its own entries, and leaves everyone else's", () => {
    const observed = [
      { cidr: "192.0.2.0/24", label: "Office" },
      { cidr: "203.0.113.0/28", label: mine("us") },
      { cidr: "198.51.100.0/28", label: mine("us") },
      { cidr: "203.0.113.64/28", label: "EU NAT, by hand" },
      { cidr: "203.0.113.128/28", label: mine("eu", "v/ip_allowlist/Egress", "another-account") },
    ];
    const groups = planNetworkSet(
      [instance("us", ["203.0.113.0/28", "198.51.100.64/28"]), instance("eu", ["203.0.113.64/28", "203.0.113.128/28"])],
      observed,
      "a",
    );
    assert.deepEqual(
      groups.map((g) => [g.owner.region, g.owned, g.change.add, g.change.relabel, g.change.remove]),
      [["us", 2, ["198.51.100.64/28"], [], ["198.51.100.0/28"]]],
      "a network a person or another account already allows is not added twice, and not taken over",
    );
    const drafts = networkDrafts(groups[0]!, { target: "t", basis: "b", field: "cidr", payload: (c) => c });
    assert.deepEqual(
      drafts.map((d) => [d.action, d.object, d.delete_count, d.diffs]),
      [
        ["update", "Egress@us", undefined, [{ path: "cidr", op: "add", after: "198.51.100.64/28" }]],
        ["delete", "Egress@us", 1, [{ path: "cidr", op: "remove", before: "198.51.100.0/28" }]],
      ],
    );
  });

  it("removes the entries of a region no longer declared, attributed to its declaration", () => {
    const groups = planNetworkSet(
      [instance("us", ["203.0.113.0/28"])],
      [
        { cidr: "203.0.113.0/28", label: mine("us") },
        { cidr: "203.0.113.64/28", label: mine("eu") },
      ],
      "a",
    );
    assert.deepEqual(
      groups.map((g) => [g.owner, g.change.remove]),
      [[{ account: "a", region: "eu", declaration: "v/ip_allowlist/Egress" }, ["203.0.113.64/28"]]],
    );
  });

  it("merges into a fresh read: only what is still to do, by position", () => {
    const fresh = [
      { cidr: "203.0.113.0/28", label: "someone's" },
      { cidr: "198.51.100.0/28", label: mine("us") },
      { cidr: "198.51.100.16/28", label: mine("us", "v/ip_allowlist/Old name") },
    ];
    const change = {
      label: mine("us"),
      add: ["203.0.113.0/28", "198.51.100.64/28"],
      relabel: ["198.51.100.16/28"],
      remove: ["198.51.100.0/28", "203.0.113.0/28"],
    };
    assert.deepEqual(mergeNetworkSet(fresh, change, "a"), { add: ["198.51.100.64/28"], relabel: [2], remove: [1] });
  });
});
