/**
 * Two Datadog orgs, one per region, as teams have them before regionsync: twin `[us] …` / `[eu] …` monitors, a queue
 * monitor whose threshold differs per region, a monitor another regionsync setup owns, and each region's paging
 * services and notification rule.
 */
import { DatadogOrg } from "../../emulators/datadog/index.js";

const JANE = { email: "jane@example.com", handle: "jane@example.com", name: "Jane" };

export const orgsFile = (us: string, eu: string) => `version: 1
regions:
  us:
    hosts: [app.example.com]
    cloud_region: us-east-1
    paging: ["@pagerduty-Platform-us", "@slack-oncall-us"]
    accounts: { datadog: datadog-us }
  eu:
    hosts: [eu.example.com]
    cloud_region: eu-west-1
    paging: ["@pagerduty-Platform-eu", "@slack-oncall-eu"]
    accounts: { datadog: datadog-eu }
accounts:
  datadog-us: { provider: datadog, site: datadoghq.com, api_key_env: DD_US_API_KEY, app_key_env: DD_US_APP_KEY, endpoint: "${us}" }
  datadog-eu: { provider: datadog, site: datadoghq.eu, api_key_env: DD_EU_API_KEY, app_key_env: DD_EU_APP_KEY, endpoint: "${eu}" }
`;

export const env = {
  DD_US_API_KEY: "us-api-key-0001",
  DD_US_APP_KEY: "us-app-key-0001",
  DD_EU_API_KEY: "eu-api-key-0001",
  DD_EU_APP_KEY: "eu-app-key-0001",
  PAGERDUTY_KEY_Platform_us: "pd-us-key-0001",
  PAGERDUTY_KEY_Platform_eu: "pd-eu-key-0001",
  OPSGENIE_KEY_ops_us: "og-us-key-0001",
  OPSGENIE_KEY_ops_eu: "og-eu-key-0001",
};

export function seed(region: string, cloud: string, threshold: number): DatadogOrg {
  const org = new DatadogOrg();
  // The metrics the monitors watch report the region, as in an org in use (else plan warns they never fire).
  org.metricTags.set("trace.http.request", { tags: ["service:api", `region:${cloud}`] });
  org.metricTags.set("aws.sqs.visible", { tags: [`region:${cloud}`] });
  org.seedMonitor(
    {
      name: `[${region}] API p99 latency`,
      type: "query alert",
      query: `avg(last_10m):p99:trace.http.request{service:api,region:${cloud}} > 2`,
      message: `p99 latency in ${region} is {{value}}s.\n@pagerduty-Platform-${region} @slack-oncall-${region}`,
      tags: ["service:api", `region:${cloud}`],
      priority: 2,
      options: { thresholds: { critical: 2 }, notify_no_data: false, renotify_interval: 30 },
    },
    JANE,
  );
  org.seedMonitor(
    {
      name: `[${region}] Queue depth`,
      type: "query alert",
      query: `max(last_5m):max:aws.sqs.visible{region:${cloud}} > ${threshold}`,
      message: `Queue is deep. @slack-oncall-${region}`,
      tags: [`region:${cloud}`],
      options: { thresholds: { critical: threshold } },
    },
    JANE,
  );
  org.seedMonitor({
    name: "Made by another regionsync",
    type: "query alert",
    query: "avg(last_5m):avg:x{*} > 1",
    message: "x",
    tags: ["managed-by:regionsync", "regionsync-account:elsewhere"],
  });
  org.pagerduty.set(`Platform-${region}`, { service_name: `Platform-${region}`, service_key: `pd-${region}-key-0001` });
  org.opsgenie.set(`og-${region}`, {
    id: `og-${region}`,
    name: `ops-${region}`,
    region: "us",
    custom_url: null,
    opsgenie_api_key: `og-${region}-key-0001`,
  });
  org.rules.set(`rule-${region}`, {
    id: `rule-${region}`,
    attributes: {
      name: `Route ${region}`,
      filter: { scope: `region:${cloud}` },
      recipients: [`pagerduty-Platform-${region}`, `slack-oncall-${region}`],
    },
  });
  return org;
}
