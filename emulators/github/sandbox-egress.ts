/**
 * The sample company's published ip-ranges.json and organization IP allow list: `us` published and allowed, `eu`
 * missing, and entries a person made beside them.
 */
import { OFFICE_VPN, ownerLabel, type SampleEgressRegion, sampleEgress } from "../common/sample-egress.js";
import type { GitHubOrg } from "./org.js";

interface RangesDecl {
  name: string;
  repository: string;
  path?: string;
  service: string;
}

function rangesFile(us: SampleEgressRegion, service: string): string {
  const entry = (prefix: string, region: string, svc: string) =>
    prefix.includes(":")
      ? { ipv6_prefix: prefix, region, service: svc, network_border_group: region }
      : { ip_prefix: prefix, region, service: svc, network_border_group: region };
  const all = [
    ...us.networks.map((p) => entry(p, us.cloud_region, service)),
    entry("192.0.2.0/28", "GLOBAL", "STATUS_CHECKS"),
  ];
  const document = {
    syncToken: "1767600000",
    createDate: "2026-01-05-08-00-00",
    prefixes: all.filter((e) => "ip_prefix" in e),
    ipv6_prefixes: all.filter((e) => "ipv6_prefix" in e),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function seedEgress(
  org: GitHubOrg,
  allowList: { name: string } | undefined,
  ranges: RangesDecl | undefined,
): void {
  const us = sampleEgress().find((r) => r.name === "us");
  const now = org.now();
  const entry = (allowListValue: string, name: string) => ({
    id: `IALE_${Buffer.from(`entry:${org.nextId()}`).toString("base64url")}`,
    allowListValue,
    name,
    isActive: true,
    createdAt: now,
    updatedAt: now,
  });
  org.ipAllowList.entries.push(entry(OFFICE_VPN.cidr, OFFICE_VPN.label));
  if (us && allowList) {
    const label = ownerLabel("github", "us", `github/ip_allow_list/${allowList.name}`);
    for (const cidr of us.networks) org.ipAllowList.entries.push(entry(cidr, label));
  }
  if (us && ranges) {
    const [owner, name] = ranges.repository.split("/") as [string, string];
    const repo = org.repo(owner, name) ?? org.addRepo(owner, name);
    org.commit(repo, repo.default_branch, new Map([[ranges.path ?? "ip-ranges.json", rangesFile(us, ranges.service)]]));
  }
}
