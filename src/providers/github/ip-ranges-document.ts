/**
 * The published `ip-ranges.json`, in the syntax AWS uses for its own address ranges: `syncToken` (publication time,
 * Unix seconds, as a string), `createDate` (`YYYY-MM-DD-hh-mm-ss`, UTC), `prefixes` (IPv4: `ip_prefix`, `region`,
 * `service`, `network_border_group`) and `ipv6_prefixes` (the same with `ipv6_prefix`). Pure: no I/O, no clock.
 *
 * The output is deterministic: entries sorted by network, then region, service and border group; two-space JSON.
 * `syncToken` and `createDate` change only when the prefixes do (consumers poll and compare `syncToken`), so they are
 * kept from the file as it was unless apply changes an entry.
 */
import { z } from "zod";
import { compareCidrs, parseCidr } from "../../core/cidr.js";

const entryFields = { region: z.string().min(1), service: z.string().min(1), network_border_group: z.string().min(1) };

const documentSchema = z.looseObject({
  syncToken: z.string().regex(/^\d+$/, "syncToken is Unix seconds, as a string"),
  createDate: z.string().regex(/^\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$/, "createDate is YYYY-MM-DD-hh-mm-ss"),
  prefixes: z.array(z.looseObject({ ip_prefix: z.string(), ...entryFields })),
  ipv6_prefixes: z.array(z.looseObject({ ipv6_prefix: z.string(), ...entryFields })),
});

/** One prefix of either family; `fields` keeps what a person added beside the four known fields. */
export interface RangeEntry {
  prefix: string;
  region: string;
  service: string;
  network_border_group: string;
  fields?: Record<string, unknown>;
}

export interface IpRanges {
  syncToken: string;
  createDate: string;
  entries: RangeEntry[];
}

export type ParsedIpRanges = { ranges: IpRanges } | { problem: string };

/** Reads a published file; a file that is not in AWS's syntax is reported, never overwritten. */
export function parseIpRanges(text: string): ParsedIpRanges {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON (${(error as Error).message})` };
  }
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `${issue.path.join(".") || "the document"}: ${issue.message}` };
  }
  const entries: RangeEntry[] = [];
  const take = (prefix: string, family: 4 | 6, entry: Record<string, unknown>, where: string): string | undefined => {
    const cidr = parseCidr(prefix);
    if ("error" in cidr) return `${where}: ${cidr.error}`;
    if (cidr.cidr.family !== family) return `${where}: ${prefix} is not IPv${family}`;
    const { ip_prefix: _4, ipv6_prefix: _6, region, service, network_border_group, ...fields } = entry;
    entries.push({
      prefix: cidr.cidr.text,
      region: String(region),
      service: String(service),
      network_border_group: String(network_border_group),
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
    });
    return undefined;
  };
  const { prefixes, ipv6_prefixes, syncToken, createDate } = parsed.data;
  for (const [i, e] of prefixes.entries()) {
    const problem = take(e.ip_prefix, 4, e, `prefixes.${i}`);
    if (problem) return { problem };
  }
  for (const [i, e] of ipv6_prefixes.entries()) {
    const problem = take(e.ipv6_prefix, 6, e, `ipv6_prefixes.${i}`);
    if (problem) return { problem };
  }
  return { ranges: { syncToken, createDate, entries } };
}

const cidrOf = (prefix: string) => (parseCidr(prefix) as { cidr: Parameters<typeof compareCidrs>[0] }).cidr;

function compareEntries(a: RangeEntry, b: RangeEntry): number {
  return (
    compareCidrs(cidrOf(a.prefix), cidrOf(b.prefix)) ||
    a.region.localeCompare(b.region) ||
    a.service.localeCompare(b.service) ||
    a.network_border_group.localeCompare(b.network_border_group)
  );
}

/** The file's text: the same ranges always give the same bytes. */
export function renderIpRanges(ranges: IpRanges): string {
  const sorted = [...ranges.entries].sort(compareEntries);
  const shape = (key: "ip_prefix" | "ipv6_prefix") => (e: RangeEntry) => ({
    [key]: e.prefix,
    region: e.region,
    service: e.service,
    network_border_group: e.network_border_group,
    ...e.fields,
  });
  const v4 = sorted.filter((e) => cidrOf(e.prefix).family === 4).map(shape("ip_prefix"));
  const v6 = sorted.filter((e) => cidrOf(e.prefix).family === 6).map(shape("ipv6_prefix"));
  const document = { syncToken: ranges.syncToken, createDate: ranges.createDate, prefixes: v4, ipv6_prefixes: v6 };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** `createDate` for a publication time. */
export function createDateOf(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}-${iso.slice(14, 16)}-${iso.slice(17, 19)}`;
}

/**
 * The header of a new publication at `nowSeconds`. `syncToken` only ever grows, even when a clock is behind the one that
 * wrote the previous file: consumers take a smaller token for an older file.
 */
export function publicationHeader(previous: string | undefined, nowSeconds: number) {
  const seconds = Math.max(Math.floor(nowSeconds), previous ? Number(previous) + 1 : 0);
  return { syncToken: String(seconds), createDate: createDateOf(seconds) };
}

/** One region's prefixes of one service, as a change sets them: what to add (or re-home) and what to remove. */
export interface RegionPrefixes {
  service: string;
  region: string;
  network_border_group: string;
  add: string[];
  remove: string[];
}

const key = (e: Pick<RangeEntry, "prefix" | "service">) => `${e.service}\u0000${e.prefix}`;

/**
 * The ranges with `change` made; `changed` is false when they already were so. An added prefix replaces the service's
 * entry for the same prefix (moved between regions or border groups); a removed one goes only from its own region.
 * Entries of every other service are left as they are.
 */
export function withRegionPrefixes(
  ranges: IpRanges,
  change: RegionPrefixes,
): { entries: RangeEntry[]; changed: boolean } {
  const adding = new Map(
    change.add.map((prefix) => [
      key({ prefix, service: change.service }),
      { prefix, region: change.region, service: change.service, network_border_group: change.network_border_group },
    ]),
  );
  const removing = new Set(change.remove);
  let changed = false;
  const kept = ranges.entries.filter((e) => {
    const replaced = adding.get(key(e));
    const drop =
      (replaced !== undefined &&
        (e.region !== replaced.region || e.network_border_group !== replaced.network_border_group)) ||
      (e.service === change.service && e.region === change.region && removing.has(e.prefix));
    if (replaced && !drop) adding.delete(key(e));
    changed ||= drop;
    return !drop;
  });
  changed ||= adding.size > 0;
  return { entries: [...kept, ...adding.values()], changed };
}
