/**
 * A region's `egress:` networks: each a CIDR block of its family, without host bits, and no network in two places
 * (one region's NAT addresses are never another's, and an overlap would publish one address under two regions).
 */
import { z } from "zod";
import { type Cidr, overlaps, parseCidr } from "../core/cidr.js";
import type { Region, RegionEgress } from "../core/types.js";
import type { LoadContext } from "./context.js";
import { error, subjectAt } from "./findings.js";

function cidrOf(family: 4 | 6) {
  return z.string().superRefine((text, ctx) => {
    const parsed = parseCidr(text);
    if ("error" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.error, params: { hint: parsed.hint } });
    } else if (parsed.cidr.family !== family) {
      const other = family === 4 ? "ipv6" : "ipv4";
      ctx.addIssue({
        code: "custom",
        message: `'${text}' is not IPv${family}`,
        params: { hint: `list it under ${other}` },
      });
    }
  });
}

export const egressSchema = z
  .strictObject({
    ipv4: z.array(cidrOf(4)).default([]).describe("IPv4 networks in CIDR notation, e.g. `203.0.113.0/28`."),
    ipv6: z.array(cidrOf(6)).default([]).describe("IPv6 networks in CIDR notation, e.g. `2001:db8:1000::/56`."),
  })
  .describe("The networks this region's outbound traffic leaves from (its NAT addresses), without host bits.");

/** The egress as validated, each network in its canonical spelling. */
export function canonicalEgress(egress: { ipv4: string[]; ipv6: string[] } | undefined): RegionEgress {
  const canonical = (list: string[]) => list.map((t) => (parseCidr(t) as { cidr: Cidr }).cidr.text);
  return { ipv4: canonical(egress?.ipv4 ?? []), ipv6: canonical(egress?.ipv6 ?? []) };
}

/** Every pair of overlapping networks, within a region or across regions, is an error at the second one. */
export function checkEgressOverlaps(regions: ReadonlyMap<string, Region>, { positions, findings }: LoadContext) {
  const seen: Array<{ region: string; cidr: Cidr }> = [];
  for (const region of regions.values()) {
    for (const family of ["ipv4", "ipv6"] as const) {
      region.egress[family].forEach((text, index) => {
        const cidr = (parseCidr(text) as { cidr: Cidr }).cidr;
        const clash = seen.find((s) => overlaps(s.cidr, cidr));
        seen.push({ region: region.name, cidr });
        if (!clash) return;
        const path = ["regions", region.name, "egress", family, index];
        const where =
          clash.region === region.name ? `region '${region.name}'` : `regions '${clash.region}' and '${region.name}'`;
        const message = `egress network ${cidr.text} overlaps ${clash.cidr.text} (${where})`;
        const hint = "list each network once, in the one region whose traffic leaves from it";
        findings.add(error("egress-overlap", message, positions.value(path), hint), subjectAt(path));
      });
    }
  }
}
