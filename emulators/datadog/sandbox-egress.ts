/**
 * The sample company's Datadog IP allowlists and metric tags. The US org allows the `us` egress (regionsync's entries,
 * labelled as its provider documents) and the office VPN (by hand); the EU org has only the VPN. Metrics report the
 * region tag of the org they are sent to, except that the EU org has no SQS metrics yet (its AWS integration is not
 * collecting them), so the EU checkout monitor would never fire.
 */
import { OFFICE_VPN, ownerLabel, sampleEgress } from "../common/sample-egress.js";
import type { DatadogOrg } from "./org.js";

/** `<aggregator>:<metric>{` in a metric query. */
const METRIC = /(?:avg|sum|min|max|count|p\d+):([A-Za-z][\w.]*)\{/g;

export function seedEgress(
  org: DatadogOrg,
  account: string,
  region: { name: string; cloud_region: string },
  allowlist: { name: string } | undefined,
  queries: string[],
): void {
  const time = new Date("2026-01-05T09:00:00Z").toISOString();
  const entry = (cidr_block: string, note: string) => ({
    id: `${account}-${org.ipAllowlist.entries.length + 1}`,
    cidr_block,
    note,
    created_at: time,
    modified_at: time,
  });
  org.ipAllowlist.entries.push(entry(OFFICE_VPN.cidr, OFFICE_VPN.label));
  const egress = sampleEgress().find((r) => r.name === region.name);
  if (region.name === "us" && egress && allowlist) {
    const label = ownerLabel(account, "us", `datadog/ip_allowlist/${allowlist.name}`);
    for (const cidr of egress.networks) org.ipAllowlist.entries.push(entry(cidr, label));
  }
  for (const query of queries) {
    for (const [, metric] of query.matchAll(METRIC)) {
      if (region.name !== "us" && metric!.startsWith("aws.sqs.")) continue;
      org.metricTags.set(metric!, { tags: [`region:${region.cloud_region}`, "service:api", "env:prod"] });
    }
  }
}
