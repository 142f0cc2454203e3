/**
 * The sample company's Datadog orgs for the sandbox, seeded from the root desired-state.yaml so the two never drift:
 * the US org already has regionsync's monitors (owned, in sync) and its PagerDuty service, the EU org has none of them.
 * Both have monitors made by hand; in the US org one of them has the name of one of regionsync's monitors (an older
 * copy someone made by hand), which regionsync must leave alone.
 */
import { createHash } from "node:crypto";
import { parse } from "yaml";
import { expandForRegion, readSampleDesiredState, serves } from "../common/sample-company.js";
import { startDatadogEmulator } from "./index.js";
import { type Creator, DatadogOrg, type Json } from "./org.js";
import { seedEgress } from "./sandbox-egress.js";

interface RegionDecl {
  hosts: string[];
  cloud_region: string;
  paging: string[];
}

interface MonitorDecl extends Json {
  name: string;
  regions?: string[] | "all";
  except?: string[];
}

const JANE: Creator = { email: "jane@example.com", handle: "jane@example.com", name: "Jane Doe" };

/** The tags regionsync puts on the monitors it owns (its provider documents them); repeated here, not imported. */
function ownership(account: string, declaration: string, region: string): string[] {
  const digest = createHash("sha256")
    .update(JSON.stringify(`datadog/monitor/${declaration}`))
    .digest("hex");
  return [
    "managed-by:regionsync",
    `regionsync-account:${account}`,
    `regionsync-source:${digest.slice(0, 12)}`,
    `regionsync-region:${region}`,
  ];
}

function handMade(org: DatadogOrg, region: string, cloudRegion: string): void {
  org.seedMonitor(
    {
      name: `Disk space low on {{host.name}}`,
      type: "metric alert",
      query: `avg(last_10m):avg:system.disk.in_use{region:${cloudRegion}} by {host} > 0.9`,
      message: "Disk almost full on {{host.name}}. @slack-infra",
      tags: ["team:infra", `region:${cloudRegion}`],
      options: { thresholds: { critical: 0.9 } },
    },
    JANE,
  );
  org.seedMonitor(
    {
      name: `[${region}] Nightly export did not run`,
      type: "service check",
      query: `"export.can_run".over("region:${cloudRegion}").by("host").last(2).count_by_status()`,
      message: "The nightly export did not run. @team-data",
      tags: ["team:data"],
      options: { thresholds: { critical: 1 } },
    },
    JANE,
  );
}

/** Seeds the org an account of the root desired-state.yaml talks to. */
export function seedSampleOrg(account: string): DatadogOrg {
  const doc = parse(readSampleDesiredState()) as {
    regions: Record<string, RegionDecl & { accounts?: Record<string, string> }>;
    resources?: { datadog?: { monitors?: MonitorDecl[]; ip_allowlist?: Array<{ name: string }> } };
  };
  const region = Object.entries(doc.regions).find(([, r]) => r.accounts?.datadog === account);
  const org = new DatadogOrg(account === "datadog-eu" ? 508_114 : 321_813);
  if (!region) {
    // An org the sample file does not know (a new region's): only what people made by hand.
    handMade(org, account, account);
    return org;
  }
  const [name, decl] = region;
  handMade(org, name, decl.cloud_region);
  const monitors = (doc.resources?.datadog?.monitors ?? []).filter((m) => serves(m, name));
  const queries = monitors.map((m) => String(expandForRegion<unknown>(m.query, name, decl)));
  seedEgress(
    org,
    account,
    { name, cloud_region: decl.cloud_region },
    doc.resources?.datadog?.ip_allowlist?.[0],
    queries,
  );
  if (name === "us") {
    for (const m of monitors) {
      const { name: template, regions: _regions, except: _except, ...spec } = m;
      const expanded = expandForRegion<unknown>({ name: template, ...spec }, name, decl) as Json & { tags?: string[] };
      org.seedMonitor({ ...expanded, tags: [...(expanded.tags ?? []), ...ownership(account, template, name)] });
    }
    org.pagerduty.set(`Platform-${name}`, { service_name: `Platform-${name}`, service_key: "seeded-by-hand" });
    if (monitors[1]) {
      const { name: template, regions: _regions, except: _except, ...spec } = monitors[1];
      const copy = expandForRegion<unknown>({ name: template, ...spec }, name, decl) as Json & { query: string };
      org.seedMonitor(
        { ...copy, query: copy.query.replace(/> \S+$/, "> 5"), options: { thresholds: { critical: 5 } } },
        JANE,
      );
    }
  }
  return org;
}

export async function startSandbox(
  account: { name: string },
  opts: { port?: number } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const emulator = await startDatadogEmulator({ org: seedSampleOrg(account.name), ...opts });
  return { url: emulator.url, close: () => emulator.close() };
}
