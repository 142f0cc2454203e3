/**
 * Importing two Datadog orgs, one per region: twin `[us] …` / `[eu] …` monitors fold into one template, a monitor
 * whose threshold differs per region stays two declarations, and paging services and notification rules fold the
 * same way. The first apply adopts them all by tags and the ledger only; the next plan says No changes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { type DatadogEmulator, startDatadogEmulator } from "../../emulators/datadog/index.js";
import { env, orgsFile, seed } from "./datadog-orgs.js";
import { type Cli, cliFor, datadogOwnershipOnly, datadogState, fileWith } from "./support.js";

describe("import of two Datadog orgs, one per region", () => {
  let us: DatadogEmulator;
  let eu: DatadogEmulator;
  let cli: Cli;
  const requests = () => [...us.server.requests, ...eu.server.requests];
  before(async () => {
    us = await startDatadogEmulator({ org: seed("us", "us-east-1", 100) });
    eu = await startDatadogEmulator({ org: seed("eu", "eu-west-1", 500) });
    const { file, env: withEndpoints } = await fileWith(orgsFile(us.url, eu.url), [us.url, eu.url], env);
    cli = cliFor(file, withEndpoints);
  });
  after(() => Promise.all([us.close(), eu.close()]));

  it("folds twins into one template, keeps a per-region threshold as two declarations, with list requests", async () => {
    us.server.resetLog();
    eu.server.resetLog();
    const imported = await cli.import();
    assert.equal(imported.code, 0, imported.stderr);
    const lookups = requests().filter((r) => r.method !== "GET" || !/^\/api\/v[12]\/[a-z_/-]+$/.test(r.path));
    assert.deepEqual(
      lookups.map((r) => r.path).sort(),
      [
        "/api/v1/integration/pagerduty/configuration/services/Platform-eu",
        "/api/v1/integration/pagerduty/configuration/services/Platform-us",
      ],
      "listings only, but for PagerDuty, which Datadog cannot list",
    );
    const datadog = parse(await cli.text()).resources.datadog;
    assert.deepEqual(datadog.monitors, [
      {
        name: "[${region.name}] API p99 latency",
        regions: ["us", "eu"],
        adopt: true,
        type: "query alert",
        query: "avg(last_10m):p99:trace.http.request{service:api,region:${region.cloud_region}} > 2",
        message: "p99 latency in ${region.name} is {{value}}s.\n${region.paging}",
        tags: ["service:api", "region:${region.cloud_region}"],
        priority: 2,
        options: { thresholds: { critical: 2 }, renotify_interval: 30 },
      },
      ...[
        ["eu", "eu-west-1", 500],
        ["us", "us-east-1", 100],
      ].map(([region, cloud, threshold]) => ({
        name: `[${region}] Queue depth`,
        regions: [region],
        adopt: true,
        type: "query alert",
        query: `max(last_5m):max:aws.sqs.visible{region:${cloud}} > ${threshold}`,
        message: `Queue is deep. @slack-oncall-${region}`,
        tags: [`region:${cloud}`],
        options: { thresholds: { critical: threshold } },
      })),
    ]);
    assert.match(
      imported.stdout,
      /"\[us\] Queue depth" \(us\): differs per region \(us \/ eu\) in options\.thresholds\.critical, query/,
    );
    assert.match(
      imported.stdout,
      /monitor "Made by another regionsync" \(id \d+\): owned by regionsync for another account/,
    );
    assert.deepEqual(datadog.pagerduty_services, [
      {
        name: "Platform-${region.name}",
        regions: ["us", "eu"],
        adopt: true,
        service_key_env: "PAGERDUTY_KEY_Platform_${region.name}",
      },
    ]);
    assert.deepEqual(datadog.opsgenie_services, [
      {
        name: "ops-${region.name}",
        regions: ["us", "eu"],
        adopt: true,
        opsgenie_region: "us",
        api_key_env: "OPSGENIE_KEY_ops_${region.name}",
      },
    ]);
    assert.deepEqual(datadog.notification_rules, [
      {
        name: "Route ${region.name}",
        regions: ["us", "eu"],
        adopt: true,
        scope: "region:${region.cloud_region}",
        recipients: ["pagerduty-Platform-${region.name}", "slack-oncall-${region.name}"],
      },
    ]);
  });

  it("adopts everything by tags and the ledger only, then plans No changes", async () => {
    const planned = JSON.parse((await cli.plan("--json")).stdout);
    assert.deepEqual(planned.diagnostics, []);
    assert.deepEqual(
      planned.changes
        .map((c: { action: string; account: string; kind: string }) => `${c.account} ${c.kind} ${c.action}`)
        .sort(),
      ["datadog-eu", "datadog-us"].flatMap((a) =>
        [
          "monitor adopt",
          "monitor adopt",
          "notification_rule adopt",
          "opsgenie_service adopt",
          "pagerduty_service adopt",
        ].map((c) => `${a} ${c}`),
      ),
    );
    const before = [datadogState(us.org), datadogState(eu.org)];
    us.server.resetLog();
    eu.server.resetLog();
    const applied = await cli.apply();
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.deepEqual(datadogOwnershipOnly([...us.server.writes(), ...eu.server.writes()]), []);
    assert.deepEqual([datadogState(us.org), datadogState(eu.org)], before, "nothing but ownership records changed");
    assert.match((await cli.plan()).stdout, /No changes\./);
  });
});
