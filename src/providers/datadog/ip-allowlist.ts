/**
 * The `ip_allowlist` kind: the org's IP allowlist (which addresses may call the API and open the web app) follows the
 * regions' egress networks. The allowlist is a shared set: regionsync adds its regions' networks, removes only entries
 * whose note marks them as its own (`src/core/network-sets.ts`), and never turns the allowlist on or off unless the
 * declaration says `enabled`. Datadog's PATCH replaces the whole list, so apply merges into a fresh read.
 */
import { z } from "zod";
import { egressProblems } from "../../core/egress-checks.js";
import type { Kind } from "../../core/kind.js";
import {
  networkChangeSchema,
  networkDrafts,
  ownedBy,
  planNetworkSet,
  unavailableDrafts,
} from "../../core/network-sets.js";
import type { Instance } from "../../core/types.js";
import { code } from "./codes.js";
import { digestOf } from "./digest.js";
import { reasonsOf, statusOf } from "./errors.js";
import { applyAllowlist } from "./ip-allowlist-apply.js";
import type { DatadogSession } from "./session.js";
import type { WireAllowlist } from "./session-clients-network.js";

const allowlistSchema = z.strictObject({
  enabled: z
    .boolean()
    .optional()
    .describe(
      "Turn the allowlist on (true) or off (false). Left as it is when not given: on, without the caller's own address, it locks the caller out.",
    ),
});
type AllowlistSpec = z.infer<typeof allowlistSchema>;

export const allowlistPayloadSchema = z.union([networkChangeSchema, z.strictObject({ enabled: z.boolean() })]);
type AllowlistPayload = z.infer<typeof allowlistPayloadSchema>;

type AllowlistState = { allowlist: WireAllowlist; appUrl: string } | { unavailable: string; appUrl: string };

const KIND = "ip_allowlist";
const target = (account: string) => `datadog/${account}/${KIND}`;
const settingsPage = (appUrl: string) => `${appUrl}/organization-settings/ip-allowlist`;

/** Datadog answers 403 or 404 where the org's plan has no IP allowlist or the key lacks `org_management`. */
function unavailable(instances: Instance<AllowlistSpec>[], reason: string, appUrl: string) {
  return unavailableDrafts<AllowlistPayload, AllowlistSpec>(
    instances,
    digestOf({ unavailable: reason }),
    (i, networks) => ({
      summary: `Datadog's IP allowlist cannot be read in this org (${reason}); regionsync cannot add the egress of ${i.region}`,
      url: settingsPage(appUrl),
      steps: [
        "The IP allowlist needs Datadog's Enterprise plan, and the application key needs the org_management permission.",
        `Once it is available, the next run adds: ${networks.join(", ")}. Until then, calls from ${i.region} are allowed only if the allowlist is off.`,
      ],
    }),
  );
}

export const ipAllowlist: Kind<AllowlistSpec, DatadogSession, AllowlistState, AllowlistPayload> = {
  key: "ip_allowlist",
  kind: KIND,
  description:
    "The org's IP allowlist follows the regions' egress networks: regionsync adds and removes only entries it marked as its own.",
  schema: allowlistSchema,
  payload: allowlistPayloadSchema,
  // One allowlist per org: one declaration lists every region whose egress it allows.
  sharing: "merge",
  identity: () => KIND,
  validate: (instances) => egressProblems(instances, code("egress-missing"), "the IP allowlist"),
  async observe(session) {
    // Read even where nothing is declared: a region dropped from the declaration leaves entries in its org to remove.
    try {
      const allowlist = await session.allowlist.get();
      const owned = ownedBy(allowlist.entries.map(toObserved), session.account);
      return { state: { allowlist, appUrl: session.appUrl }, owned, diagnostics: [] };
    } catch (error) {
      const status = statusOf(error);
      if (status !== 403 && status !== 404) throw error;
      // Without the feature (or the permission) there is nothing regionsync can own there.
      const reason = `HTTP ${status}: ${reasonsOf(error).join("; ")}`;
      return { state: { unavailable: reason, appUrl: session.appUrl }, owned: 0, diagnostics: [] };
    }
  },
  plan(instances, { state }, account) {
    if ("unavailable" in state)
      return { changes: unavailable(instances, state.unavailable, state.appUrl), diagnostics: [] };
    const { allowlist } = state;
    const basis = digestOf(allowlist);
    const groups = planNetworkSet(instances, allowlist.entries.map(toObserved), account);
    const changes = groups.flatMap((g) =>
      networkDrafts<AllowlistPayload>(g, {
        target: target(account),
        basis,
        field: "cidr_block",
        payload: (c) => c,
      }),
    );
    const enabled = instances.find((i) => i.spec.enabled !== undefined)?.spec.enabled;
    if (enabled !== undefined && enabled !== allowlist.enabled) {
      changes.push({
        object: "enabled",
        name: "enabled",
        action: "update",
        declarations: [...new Set(instances.map((i) => i.declaration))],
        regions: [...new Set(instances.flatMap((i) => (i.region ? [i.region] : [])))],
        policy: instances[0]!.policy,
        diffs: [{ path: "enabled", op: "change", before: allowlist.enabled, after: enabled }],
        target: target(account),
        basis,
        payload: { enabled },
      });
    }
    return { changes, diagnostics: [] };
  },
  apply: (session, change) => applyAllowlist(session, change.payload),
};

const toObserved = (e: WireAllowlist["entries"][number]) => ({ cidr: e.cidr_block, label: e.note });
