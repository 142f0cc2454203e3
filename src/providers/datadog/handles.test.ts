import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Instance } from "../../core/types.js";
import { checkHandles } from "./handles.js";

const instance = (kind: string, spec: Record<string, unknown>, account = "dd-eu"): Instance => ({
  id: `datadog/${kind}/${String(spec.name)}@eu`,
  provider: "datadog",
  kind,
  declaration: `datadog/${kind}/x`,
  region: "eu",
  account,
  policy: "manage",
  allowDelete: false,
  spec,
  fieldPositions: {},
});

describe("checkHandles", () => {
  const service = instance("pagerduty_service", { name: "Platform-eu", service_key_env: "K" });

  it("warns when a handle differs from a declared service only in case", () => {
    const monitor = instance("monitor", { name: "m", message: "Down. @pagerduty-Platform-EU @slack-oncall-eu" });
    const rule = instance("notification_rule", { name: "r", recipients: ["pagerduty-platform-eu"] });
    const found = checkHandles([service, monitor, rule]);
    assert.deepEqual(
      found.map((d) => [d.instance, d.severity]),
      [
        ["datadog/monitor/m@eu", "warning"],
        ["datadog/notification_rule/r@eu", "warning"],
      ],
    );
    assert.match(
      found[0]!.message,
      /pages pagerduty-Platform-EU, but the service is declared as pagerduty-Platform-eu/,
    );
  });

  it("accepts exact handles, other integrations and services of other accounts", () => {
    const exact = instance("monitor", { name: "m", message: "@pagerduty-Platform-eu @slack-Platform-EU" });
    const elsewhere = instance("monitor", { name: "n", message: "@pagerduty-PLATFORM-EU" }, "dd-us");
    assert.deepEqual(checkHandles([service, exact, elsewhere]), []);
  });
});
