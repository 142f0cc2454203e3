/**
 * The Datadog benchmark's workload (issue 4): monitor templates declared once for four regions, in an org of 10,000
 * monitors made by hand. Written as a person would write the file (block YAML).
 */
export const LATENCY_MS = 40;
/** A calendar-aligned window of 1,000 requests per 10 s: 100 requests/second, as the issue measured under. */
export const RATE = { limit: 1000, periodSeconds: 10 };
export const REGIONS = ["us", "eu", "ap", "sa"];
export const TEMPLATES = 200;
export const ORG_SIZE = 10_000;

export function desiredFile(url: string, templates = TEMPLATES): string {
  const regions = REGIONS.map(
    (r, i) =>
      `  ${r}:\n    hosts: [${r}.example.com]\n    cloud_region: region-${i + 1}\n    paging: ["@pagerduty-Platform-${r}", "@slack-oncall-${r}"]\n    accounts: { datadog: datadog }\n`,
  );
  const monitors = Array.from(
    { length: templates },
    (_, i) => `      - name: "[\${region.name}] Service ${i} error rate"
        regions: [${REGIONS.join(", ")}]
        type: query alert
        query: "sum(last_5m):sum:trace.http.request.errors{service:s${i},region:\${region.cloud_region}}.as_count() > 50"
        message: |-
          Errors on service ${i} in \${region.name}: {{value}}.
          \${region.paging}
        tags: [service:s${i}, team:platform, "region:\${region.cloud_region}"]
        priority: 3
        options: { thresholds: { critical: 50 }, notify_no_data: false }
`,
  );
  return [
    "version: 1\nregions:\n",
    ...regions,
    `accounts:\n  datadog:\n    provider: datadog\n    site: datadoghq.com\n    api_key_env: DD_API\n    app_key_env: DD_APP\n    endpoint: ${url}\n`,
    "resources:\n  datadog:\n    monitors:\n",
    ...monitors,
  ].join("");
}

export function handMade(count = ORG_SIZE) {
  return Array.from({ length: count }, (_, i) => ({
    name: `Hand-made monitor ${i}`,
    type: "query alert",
    query: `avg(last_10m):avg:system.load.1{host:h${i}} > 4`,
    message: `Load on h${i} is high. @slack-infra`,
    tags: [`team:t${i % 40}`, "env:prod"],
    options: { thresholds: { critical: 4 } },
  }));
}

/** The keys, and the operator's allowance for the emulator's endpoint (the file names it). */
export const cliEnv = (url: string) => ({
  DD_API: "bench-api-key",
  DD_APP: "bench-app-key",
  REGIONSYNC_ALLOWED_ENDPOINTS: url,
});
