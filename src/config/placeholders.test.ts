import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Region } from "../core/types.js";
import { substitute } from "./placeholders.js";

const eu: Region = {
  name: "eu",
  hosts: ["eu.example.com", "api.eu.example.com"],
  cloudRegion: "eu-west-1",
  paging: ["@pagerduty-Platform-eu", "@slack-oncall-eu"],
  values: { role: "arn:aws:iam::2:role/deploy" },
  accounts: {},
  egress: { ipv4: [], ipv6: [] },
};

describe("placeholders", () => {
  it("fills in every region field", () => {
    const text =
      "${region.name} ${region.host} ${region.hosts} ${region.cloud_region} ${region.values.role} ${region.paging}";
    assert.deepEqual(substitute(text, eu), {
      value:
        "eu eu.example.com eu.example.com,api.eu.example.com eu-west-1 arn:aws:iam::2:role/deploy @pagerduty-Platform-eu @slack-oncall-eu",
      problems: [],
    });
  });

  it("leaves Datadog's and Helm's double braces alone, and $${ writes a literal ${", () => {
    const text = "{{#is_alert}}{{value}} in ${region.name}{{/is_alert}} {{ .Values.x }} $${HOME}";
    assert.equal(substitute(text, eu).value, "{{#is_alert}}{{value}} in eu{{/is_alert}} {{ .Values.x }} ${HOME}");
  });

  it("reports unknown placeholders and missing values without guessing", () => {
    assert.equal(substitute("${region.zone}", eu).problems[0]?.error, "unknown placeholder '${region.zone}'");
    assert.equal(substitute("${env.HOME}", eu).problems[0]?.error, "unknown placeholder '${env.HOME}'");
    assert.match(substitute("${region.values.nope}", eu).problems[0]?.hint ?? "", /or use one of role/);
    assert.match(substitute("${region.host}", null).problems[0]?.error ?? "", /needs a region/);
  });
});
