/**
 * What the sandbox's vendors hold of the sample company's egress story, from the root desired-state.yaml: the `us`
 * region's networks are already published and allowed (with regionsync's ownership labels, as its providers document
 * them, repeated here rather than imported), `eu`'s are not; beside them sit entries a person made.
 */
import { parse } from "yaml";
import { readSampleDesiredState } from "./sample-company.js";

export interface SampleEgressRegion {
  name: string;
  cloud_region: string;
  networks: string[];
}

/** The egress of every region of the root desired-state.yaml, in the order declared. */
export function sampleEgress(): SampleEgressRegion[] {
  const doc = parse(readSampleDesiredState()) as {
    regions: Record<string, { cloud_region: string; egress?: { ipv4?: string[]; ipv6?: string[] } }>;
  };
  return Object.entries(doc.regions).map(([name, r]) => ({
    name,
    cloud_region: r.cloud_region,
    networks: [...(r.egress?.ipv4 ?? []), ...(r.egress?.ipv6 ?? [])],
  }));
}

/** The label regionsync writes on an allowlist entry it owns (Datadog's note, GitHub's entry name). */
export const ownerLabel = (account: string, region: string, declaration: string) =>
  `managed-by:regionsync account:${account} region:${region} source:${declaration}`;

/** Made by hand in every allowlist: regionsync must leave it alone. */
export const OFFICE_VPN = { cidr: "192.0.2.128/25", label: "Office VPN (added by hand)" };
