import { startDatadogEmulator } from "../../emulators/datadog/index.js";
import { DatadogOrg, type Json } from "../../emulators/datadog/org.js";
import type { Provider } from "../../src/core/kind.js";
import { datadogProvider } from "../../src/providers/datadog/index.js";
import { runConformanceSuite } from "../conformance/suite.js";
import { desiredState, env, errorRateMonitor, latencyMonitor } from "./harness.js";

const OWNER = "managed-by:regionsync";

/** Two regions in one org, with a monitor, a PagerDuty service and a notification rule each. */
function resources(withLatency: boolean) {
  const regions = ["us", "eu"];
  return {
    monitors: [errorRateMonitor, ...(withLatency ? [latencyMonitor] : [])].map((m) => ({
      ...m,
      account: "datadog-us",
    })),
    pagerduty_services: [
      {
        name: "Platform-${region.name}",
        regions,
        account: "datadog-us",
        service_key_env: "PAGERDUTY_KEY_${region.name}",
      },
    ],
    notification_rules: [
      {
        name: "Route ${region.name} monitors",
        regions,
        account: "datadog-us",
        scope: "region:${region.cloud_region}",
        recipients: ["pagerduty-Platform-${region.name}"],
      },
    ],
  };
}

function text(url: string, withLatency: boolean): string {
  const doc = desiredState(resources(withLatency));
  // One org: a second account on the same org would see regionsync's monitors as its own undeclared ones.
  doc.deleteIn(["accounts", "datadog-eu"]);
  doc.setIn(["regions", "eu", "accounts", "datadog"], "datadog-us");
  doc.setIn(["accounts", "datadog-us", "endpoint"], url);
  return doc.toString();
}

function seeded(): DatadogOrg {
  const org = new DatadogOrg();
  org.seedMonitor(
    {
      name: "API error rate (made by hand)",
      type: "query alert",
      query: "sum(last_5m):sum:trace.http.request.errors{service:api}.as_count() > 10",
      message: "Made by hand before regionsync. @slack-oncall",
      tags: ["team:platform"],
    },
    { email: "jane@example.com", handle: "jane@example.com", name: "Jane" },
  );
  org.rules.set("hand-made-rule", {
    id: "hand-made-rule",
    attributes: { name: "Security team", filter: { scope: "team:security" }, recipients: ["slack-security"] },
  });
  return org;
}

runConformanceSuite("datadog", {
  provider: datadogProvider as Provider,
  env,
  desiredState: (url) => text(url, true),
  desiredStateWithoutOne: (url) => text(url, false),
  async start() {
    const dd = await startDatadogEmulator({ org: seeded() });
    const monitors = () => [...dd.org.monitors.values()];
    return {
      url: dd.url,
      writes: () => dd.server.writes(),
      inventory: () => [
        ...monitors().map((m) => `monitor:${String(m.name)}`),
        ...[...dd.org.pagerduty.keys()].map((n) => `pagerduty:${n}`),
        ...[...dd.org.rules.values()].map((r) => `rule:${String(r.attributes.name)}`),
      ],
      unowned: () => ({
        monitors: monitors().filter((m) => !(m.tags as string[]).includes(OWNER)) as Json[],
        rule: dd.org.rules.get("hand-made-rule"),
      }),
      close: () => dd.close(),
    };
  },
});
