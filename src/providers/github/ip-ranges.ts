/**
 * The `ip_ranges` kind: an AWS-syntax ip-ranges.json listing the regions' egress networks, kept in step in a
 * repository through the contents API (a commit, or a pull request). regionsync owns the prefixes of its declared
 * `service` in that file; entries of other services are a person's and are never changed.
 */
import { egressProblems } from "../../core/egress-checks.js";
import type { Kind } from "../../core/kind.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { isPlainHttp } from "../../core/urls.js";
import { code } from "./codes.js";
import { applyIpRanges } from "./ip-ranges-apply.js";
import { fileKey, type IpRangesState, observeIpRanges } from "./ip-ranges-observe.js";
import { planIpRanges } from "./ip-ranges-plan.js";
import { type IpRangesPayload, type IpRangesSpec, ipRangesPayloadSchema, ipRangesSchema } from "./ip-ranges-schema.js";
import type { GitHubSession } from "./session.js";
import { declares } from "./spec.js";

/** Fields every region of one file must agree on: they describe the file, not a region. */
const shared = ["service", "publish", "published_url"] as const;

function validate(instances: Instance<IpRangesSpec>[]): Diagnostic[] {
  const problems = egressProblems(instances, code("egress-missing"), "ip_ranges");
  const byFile = new Map<string, Instance<IpRangesSpec>[]>();
  for (const i of instances) byFile.set(fileKey(i.spec), [...(byFile.get(fileKey(i.spec)) ?? []), i]);
  for (const [key, group] of byFile) {
    const first = group[0]!;
    for (const field of shared) {
      if (group.some((i) => i.spec[field] !== first.spec[field])) {
        problems.push({
          severity: "error",
          code: code("ip-ranges-conflict"),
          message: `the regions publishing ${key} give different values of ${field}`,
          hint: `give ${field} one value for every region of the declaration`,
          instance: first.id,
          at: first.fieldPositions[field] ?? first.at,
        });
      }
    }
    const url = first.spec.published_url;
    if (url && isPlainHttp(url)) {
      problems.push({
        severity: "error",
        code: code("insecure-url"),
        message: `published_url ${url} uses plain http: what it serves could be altered on the way`,
        hint: "write https:// (http is allowed only on loopback)",
        instance: first.id,
        at: first.fieldPositions.published_url ?? first.at,
      });
    }
  }
  return problems;
}

export const ipRangesKind: Kind<IpRangesSpec, GitHubSession, IpRangesState, IpRangesPayload> = {
  key: "ip_ranges",
  // Not `ip_ranges`: plans count kinds in the plural ("2 ip_ranges_files").
  kind: "ip_ranges_file",
  description:
    "An AWS-syntax ip-ranges.json of the regions' egress networks, published in a repository (a commit or a pull request).",
  schema: declares(ipRangesSchema),
  payload: ipRangesPayloadSchema,
  // One file serves every region of its declaration.
  sharing: "merge",
  identity: (i) => fileKey(i.spec),
  validate,
  observe: observeIpRanges,
  plan: planIpRanges,
  apply: (session, change) => applyIpRanges(session, change.payload),
};
