/**
 * The org's IP allowlist and the tags its metrics report (API v2). One allowlist per org; PATCH replaces the whole
 * entry list; a bare address is stored as /32; turning the allowlist on (or keeping it on) without the caller's own
 * address is refused, as Datadog does in recorded traffic. Every call here comes from loopback.
 */
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import type { EmulatorRequest, Handler } from "../common/server.js";
import { errors } from "./monitors.js";
import type { DatadogOrg, StoredAllowlistEntry } from "./org.js";

const CALLER = "127.0.0.1";

/** Whether an IPv4 `cidr` holds `address`. */
function holds(cidr: string, address: string): boolean {
  const [network, length] = cidr.split("/") as [string, string];
  if (isIP(network) !== 4) return false;
  const int = (a: string) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(length));
  return Math.floor(int(network) / size) === Math.floor(int(address) / size);
}

function render(org: DatadogOrg) {
  const { enabled, entries } = org.ipAllowlist;
  return {
    data: {
      id: String(org.orgId),
      type: "ip_allowlist",
      attributes: {
        enabled,
        entries: entries.map(({ id, ...attributes }) => ({ data: { id, type: "ip_allowlist_entry", attributes } })),
      },
    },
  };
}

interface EntryInput {
  data: { attributes?: { cidr_block?: string; note?: string } };
}

export function networkHandlers(org: DatadogOrg, now: () => Date): Record<string, Handler> {
  const refusal = () =>
    org.ipAllowlist.available ? undefined : errors(403, "IP allowlist is not available for this organization");
  return {
    GetIPAllowlist: () => refusal() ?? { status: 200, body: render(org) },
    UpdateIPAllowlist(req: EmulatorRequest) {
      const refused = refusal();
      if (refused) return refused;
      const attributes = (req.body as { data: { attributes?: { enabled?: boolean; entries?: EntryInput[] } } }).data
        .attributes;
      const time = now().toISOString();
      const entries: StoredAllowlistEntry[] = [];
      for (const input of attributes?.entries ?? org.ipAllowlist.entries.map((e) => ({ data: { attributes: e } }))) {
        const raw = String(input.data.attributes?.cidr_block ?? "");
        const cidr_block = raw.includes("/")
          ? raw
          : isIP(raw) === 4
            ? `${raw}/32`
            : isIP(raw) === 6
              ? `${raw}/128`
              : raw;
        const [address, length] = cidr_block.split("/");
        const family = isIP(address ?? "");
        if (!family || !/^\d+$/.test(length ?? "") || Number(length) > (family === 4 ? 32 : 128)) {
          return errors(400, `Invalid CIDR block: ${raw}`);
        }
        const note = String(input.data.attributes?.note ?? "");
        const same = org.ipAllowlist.entries.find((e) => e.cidr_block === cidr_block && e.note === note);
        entries.push(same ?? { id: randomUUID(), cidr_block, note, created_at: time, modified_at: time });
      }
      const enabled = attributes?.enabled ?? org.ipAllowlist.enabled;
      if (enabled && !entries.some((e) => holds(e.cidr_block, CALLER))) {
        return errors(400, "Cannot enable or keep enabled an IP Allowlist without the current IP address in it");
      }
      Object.assign(org.ipAllowlist, { enabled, entries });
      return { status: 200, body: render(org) };
    },
    ListTagsByMetricName(req: EmulatorRequest) {
      const name = req.params.metric_name!;
      const found = org.metricTags.get(name);
      if (!found) return errors(404, `Metric ${name} not found`);
      const match = req.query.get("filter[match]") ?? "";
      const keep = (tags: string[]) => tags.filter((t) => t.includes(match));
      const attributes = { tags: keep(found.tags), ingested_tags: keep(found.ingested_tags ?? []) };
      return { status: 200, body: { data: { type: "metrics", id: name, attributes } } };
    },
  };
}
