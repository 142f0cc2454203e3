/**
 * The `ip_allow_list` kind: the organization's IP allow list follows the regions' egress networks, for self-hosted
 * runners, deploy systems and integrations in each region (GitHub-hosted runners have no fixed addresses). A shared
 * set: regionsync adds entries named as its own (`src/core/network-sets.ts`), relabels and removes only those, creates
 * them active, and never changes the organization's enabled setting. Where the plan has no IP allow list (it needs
 * GitHub Enterprise Cloud and an owner's token), the plan says so as a manual change, and the run goes on.
 */
import { z } from "zod";
import { canonicalCidr } from "../../core/cidr.js";
import { egressProblems } from "../../core/egress-checks.js";
import type { ChangeDraft, Kind } from "../../core/kind.js";
import {
  mergeNetworkSet,
  networkChangeSchema,
  networkDrafts,
  ownedBy,
  planNetworkSet,
  unavailableDrafts,
} from "../../core/network-sets.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { code } from "./codes.js";
import { basisOf } from "./digest.js";
import { type AllowListRead, createEntry, deleteEntry, readAllowList, updateEntry } from "./ip-allow-list-graphql.js";
import type { GitHubSession } from "./session.js";
import { declares, type Named } from "./spec.js";

const allowListSchema = z.strictObject({
  organization: z.string().min(1).describe("The organization whose IP allow list follows the regions."),
});
type AllowListSpec = Named<typeof allowListSchema>;

const payloadSchema = networkChangeSchema.extend({ organization: z.string().min(1) });
type AllowListPayload = z.infer<typeof payloadSchema>;

interface AllowListState {
  webUrl: string;
  lists: Record<string, AllowListRead>;
}

const settingsPage = (webUrl: string, org: string) => `${webUrl}/organizations/${org}/settings/security`;

function unavailable(instances: Instance<AllowListSpec>[], reason: string, webUrl: string) {
  return unavailableDrafts<AllowListPayload, AllowListSpec>(
    instances,
    basisOf({ unavailable: reason }),
    (i, networks) => ({
      summary: `Organization ${i.spec.organization} has no IP allow list regionsync can manage (${reason})`,
      url: settingsPage(webUrl, i.spec.organization),
      steps: [
        "An IP allow list needs GitHub Enterprise Cloud, and regionsync needs an organization owner's token (admin:org).",
        `If the organization has none, nothing is blocked: no entry is needed. Otherwise allow ${networks.join(", ")} for ${i.region}.`,
      ],
    }),
  );
}

export const ipAllowListKind: Kind<AllowListSpec, GitHubSession, AllowListState, AllowListPayload> = {
  key: "ip_allow_list",
  kind: "ip_allow_list",
  description:
    "The organization's IP allow list follows the regions' egress networks; entries made by hand are never changed.",
  schema: declares(allowListSchema),
  payload: payloadSchema,
  sharing: "merge",
  identity: (i) => i.spec.organization.toLowerCase(),
  validate: (instances) => egressProblems(instances, code("egress-missing"), "the IP allow list"),
  async observe(session, instances) {
    const lists: Record<string, AllowListRead> = {};
    const diagnostics: Diagnostic[] = [];
    let owned = 0;
    for (const org of new Set(instances.map((i) => i.spec.organization))) {
      const read = await readAllowList(session.client, org);
      lists[org] = read;
      if ("list" in read) owned += ownedBy(read.list.entries.map(toObserved), session.account);
      if ("missing" in read) {
        diagnostics.push({
          severity: "error",
          code: code("organization-unreadable"),
          message: `organization ${org} does not exist or the credentials cannot see it (${read.missing})`,
          instance: instances.find((i) => i.spec.organization === org)!.id,
        });
      }
    }
    return { state: { webUrl: session.webUrl, lists }, owned, diagnostics };
  },
  plan(instances, { state }, account) {
    const changes: ChangeDraft<AllowListPayload>[] = [];
    for (const [org, read] of Object.entries(state.lists)) {
      const mine = instances.filter((i) => i.spec.organization === org);
      if ("unavailable" in read) changes.push(...unavailable(mine, read.unavailable, state.webUrl));
      if (!("list" in read)) continue;
      const basis = basisOf(read.list.entries);
      for (const group of planNetworkSet(mine, read.list.entries.map(toObserved), account)) {
        const drafts = networkDrafts<AllowListPayload>(group, {
          target: `ip_allow_list/${org}`,
          basis,
          field: "allow_list_value",
          payload: (c) => ({ ...c, organization: org }),
        });
        changes.push(...drafts.map((d) => ({ ...d, object: `${org}/${d.object}`, name: `${org}/${d.name}` })));
      }
    }
    return { changes, diagnostics: [] };
  },
  async apply(session, { payload }) {
    const gh = session.client;
    const read = await readAllowList(gh, payload.organization);
    if (!("list" in read))
      throw new Error(
        `the IP allow list of ${payload.organization} cannot be read: ${"missing" in read ? read.missing : read.unavailable}`,
      );
    const { entries, ownerId } = read.list;
    const merge = mergeNetworkSet(entries.map(toObserved), payload, session.account);
    for (const cidr of merge.add) {
      // A create whose answer was lost may have made the entry: look before sending it again.
      await gh.createOnce(
        () => createEntry(gh, ownerId, cidr, payload.label),
        async () => {
          const again = await readAllowList(gh, payload.organization);
          const entries = "list" in again ? again.list.entries : [];
          return entries.find((e) => canonicalCidr(e.allowListValue) === cidr && e.name === payload.label)?.id;
        },
      );
    }
    for (const index of merge.relabel) await updateEntry(gh, entries[index]!, payload.label);
    for (const index of merge.remove) await deleteEntry(gh, entries[index]!.id);
    const done = merge.add.length + merge.relabel.length + merge.remove.length;
    return {
      message:
        done === 0
          ? "already in step"
          : `added ${merge.add.length}, relabelled ${merge.relabel.length}, removed ${merge.remove.length}`,
    };
  },
};

const toObserved = (e: { allowListValue: string; name: string | null }) => ({ cidr: e.allowListValue, label: e.name });
