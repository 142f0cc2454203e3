import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type IpRanges,
  parseIpRanges,
  publicationHeader,
  renderIpRanges,
  withRegionPrefixes,
} from "./ip-ranges-document.js";

const ranges: IpRanges = {
  syncToken: "1767600000",
  createDate: "2026-01-05-08-00-00",
  entries: [
    { prefix: "2001:db8:1000::/56", region: "us-east-1", service: "WEBHOOKS", network_border_group: "us-east-1" },
    { prefix: "203.0.113.0/28", region: "us-east-1", service: "WEBHOOKS", network_border_group: "us-east-1" },
    {
      prefix: "192.0.2.0/28",
      region: "GLOBAL",
      service: "STATUS_CHECKS",
      network_border_group: "GLOBAL",
      fields: { note: "by hand" },
    },
  ],
};

describe("ip-ranges.json documents", () => {
  it("render the same bytes for the same ranges, whatever their order", () => {
    const text = renderIpRanges(ranges);
    assert.equal(renderIpRanges({ ...ranges, entries: [...ranges.entries].reverse() }), text);
    const parsed = parseIpRanges(text);
    assert.ok("ranges" in parsed);
    assert.equal(renderIpRanges(parsed.ranges), text);
    assert.deepEqual(Object.keys(JSON.parse(text)), ["syncToken", "createDate", "prefixes", "ipv6_prefixes"]);
    assert.deepEqual(JSON.parse(text).prefixes[0], {
      ip_prefix: "192.0.2.0/28",
      region: "GLOBAL",
      service: "STATUS_CHECKS",
      network_border_group: "GLOBAL",
      note: "by hand",
    });
  });

  it("refuse what is not in AWS's syntax, naming the place", () => {
    assert.match((parseIpRanges("{") as { problem: string }).problem, /not JSON/);
    assert.match((parseIpRanges('{"syncToken": 1}') as { problem: string }).problem, /syncToken/);
    const wrongFamily = JSON.stringify({
      syncToken: "1",
      createDate: "2026-01-05-08-00-00",
      prefixes: [{ ip_prefix: "2001:db8::/32", region: "r", service: "S", network_border_group: "r" }],
      ipv6_prefixes: [],
    });
    assert.match(
      (parseIpRanges(wrongFamily) as { problem: string }).problem,
      /prefixes\.0: 2001:db8::\/32 is not IPv4/,
    );
  });

  it("change one region of one service, leaving other services and regions alone", () => {
    const eu = { service: "WEBHOOKS", region: "eu-west-1", network_border_group: "eu-west-1" };
    const added = withRegionPrefixes(ranges, { ...eu, add: ["203.0.113.64/28"], remove: [] });
    assert.ok(added.changed);
    assert.deepEqual(added.entries.slice(0, 3), ranges.entries);
    assert.equal(
      withRegionPrefixes({ ...ranges, entries: added.entries }, { ...eu, add: ["203.0.113.64/28"], remove: [] })
        .changed,
      false,
    );

    const removed = withRegionPrefixes(ranges, {
      ...eu,
      region: "us-east-1",
      network_border_group: "us-east-1",
      add: [],
      remove: ["203.0.113.0/28"],
    });
    assert.deepEqual(
      removed.entries.map((e) => e.prefix),
      ["2001:db8:1000::/56", "192.0.2.0/28"],
    );
    const notOurs = withRegionPrefixes(ranges, {
      ...eu,
      service: "WEBHOOKS",
      region: "GLOBAL",
      add: [],
      remove: ["192.0.2.0/28"],
    });
    assert.equal(notOurs.changed, false, "another service's entry is never removed");

    const moved = withRegionPrefixes(ranges, { ...eu, add: ["203.0.113.0/28"], remove: [] });
    assert.deepEqual(
      moved.entries.filter((e) => e.prefix === "203.0.113.0/28").map((e) => e.region),
      ["eu-west-1"],
    );
  });

  it("date a publication by its syncToken, which only ever grows", () => {
    assert.deepEqual(publicationHeader("1767600000", 1767700000.7), {
      syncToken: "1767700000",
      createDate: "2026-01-06-11-46-40",
    });
    assert.deepEqual(publicationHeader("1767700000", 1767600000), {
      syncToken: "1767700001",
      createDate: "2026-01-06-11-46-41",
    });
    assert.equal(publicationHeader(undefined, 5).syncToken, "5");
  });
});
