import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Region } from "../core/types.js";
import { expand, templatize, templatizeString } from "./templatize.js";

export const us: Region = {
  name: "us",
  hosts: ["app.example.com", "api.example.com"],
  cloudRegion: "us-east-1",
  paging: ["@pagerduty-Platform-us", "@slack-oncall-us"],
  values: { webhook_url: "https://hooks.example.com/github", short: "on" },
  accounts: {},
  egress: { ipv4: [], ipv6: [] },
};

describe("templatize", () => {
  it("writes a region's values as placeholders, longest first, only where they stand alone", () => {
    const cases: Array<[string, string]> = [
      ["https://admin.app.example.com/cb", "https://admin.${region.host}/cb"],
      ["https://myapp.example.com/cb", "https://myapp.example.com/cb"],
      ["[us] latency {region:us-east-1}", "[${region.name}] latency {region:${region.cloud_region}}"],
      [
        "status of Platform-us and PAGERDUTY_KEY_us",
        "status of Platform-${region.name} and PAGERDUTY_KEY_${region.name}",
      ],
      ["Page @pagerduty-Platform-us @slack-oncall-us now", "Page ${region.paging} now"],
      ["https://hooks.example.com/github", "${region.values.webhook_url}"],
      ["turn it on, keep ${HOME}", "turn it on, keep $${HOME}"],
      ["https://app.example.com.evil.org", "https://app.example.com.evil.org"],
    ];
    for (const [text, template] of cases) assert.equal(templatizeString(text, us).text, template, text);
  });

  it("gives back what it was made from when expanded for the same region", () => {
    const value = {
      name: "[us] x ${literal}",
      tags: ["region:us-east-1"],
      n: 2,
      nested: { url: "https://app.example.com" },
    };
    assert.deepEqual(expand(templatize(value, us), us), value);
  });
});
