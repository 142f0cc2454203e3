import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diffMonitor, type ObservedMonitor } from "./monitors-diff.js";
import { desiredMonitor } from "./monitors-spec.js";

const spec = {
  type: "metric alert" as const,
  query: "avg(last_5m):avg:system.load.1{region:eu-west-1} > 2",
  message: "Load is {{value}} in eu.\n@pagerduty-Platform-eu\n",
  tags: ["Team:Platform", "region:eu-west-1", "team:platform"],
  options: { thresholds: { critical: 2 }, notify_no_data: false },
};
const desired = desiredMonitor(spec, {
  name: "[eu] Load ",
  region: "eu",
  declaration: "datadog/monitor/[${region.name}] Load",
  account: "datadog-eu",
});

/** What Datadog returns for that monitor: normalised, with defaults and read-only fields. */
const observed: ObservedMonitor = {
  id: 7,
  name: "[eu] Load",
  type: "query alert",
  query: spec.query,
  message: "Load is {{value}} in eu.\n@pagerduty-Platform-eu",
  tags: [...desired.tags].reverse(),
  priority: null,
  options: {
    thresholds: { critical: 2.0 },
    notify_no_data: false,
    include_tags: true,
    notify_audit: false,
    new_host_delay: 300,
    silenced: {},
  },
};

describe("diffMonitor", () => {
  it("sees no difference after Datadog's normalisations and defaults", () => {
    assert.deepEqual(diffMonitor(observed, desired), []);
  });

  it("reports declared fields that differ, by path", () => {
    const drifted = {
      ...observed,
      query: spec.query.replace("> 2", "> 3"),
      options: { ...observed.options, notify_no_data: true },
    };
    assert.deepEqual(
      diffMonitor(drifted, desired).map((d) => [d.path, d.op]),
      [
        ["query", "change"],
        ["options.notify_no_data", "change"],
      ],
    );
  });

  it("manages the whole tag set: a tag added by hand is a difference", () => {
    const tagged = { ...observed, tags: [...observed.tags, "owner:jane"] };
    assert.deepEqual(
      diffMonitor(tagged, desired).map((d) => d.path),
      ["tags"],
    );
  });

  it("ignores options and priority the declaration does not mention", () => {
    const tuned = { ...observed, priority: 3, options: { ...observed.options, renotify_interval: 60 } };
    assert.deepEqual(diffMonitor(tuned, desired), []);
  });
});
