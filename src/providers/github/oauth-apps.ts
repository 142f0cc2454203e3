/**
 * OAuth Apps: no API reads or writes their callback URL, so regionsync checks each region's redirect against the one
 * callback a person registered (recorded in the file) and plans a `manual` change when GitHub would refuse it.
 */
import { z } from "zod";
import type { ChangeDraft, Kind } from "../../core/kind.js";
import type { Instance } from "../../core/types.js";
import { applyNothing, byApp, insecureRedirects, noPayload, regionLabel } from "./apps.js";
import { basisOf } from "./digest.js";
import { type OwnerType, oauthAppRegistrationUrl, oauthAppsListUrl } from "./links.js";
import { loginSchema } from "./names.js";
import { checkOAuthRedirect, type RedirectVerdict, sharedOAuthCallback } from "./redirect.js";
import type { GitHubSession } from "./session.js";
import { declares, type Named } from "./spec.js";

export const oauthAppSchema = z.strictObject({
  owner: loginSchema.describe("The organization (or user) that owns the app."),
  owner_type: z.enum(["organization", "user"]).default("organization"),
  client_id: z.string().optional().describe("The app's client ID, for the record."),
  redirect_url: z.url().describe("The `redirect_uri` this region's login sends to GitHub."),
  registered_callback_url: z
    .url()
    .optional()
    .describe("The one 'Authorization callback URL' a person registered; absent while the app is not registered."),
  settings_url: z
    .url()
    .optional()
    .describe("The app's settings page (…/settings/applications/ID); the numeric ID is not available through the API."),
  homepage_url: z.url().optional().describe("Used to pre-fill a registration link."),
});

export type OAuthAppSpec = Named<typeof oauthAppSchema>;

interface Rejection {
  instance: Instance<OAuthAppSpec>;
  verdict: Extract<RedirectVerdict, { accepted: false }>;
}

/** One manual change per app whose registered callback refuses some region's redirect; none when all are accepted. */
export function planOAuthApp(group: Instance<OAuthAppSpec>[], webUrl: string): ChangeDraft<undefined> | undefined {
  const first = group[0]!;
  const spec = first.spec;
  const ownerType: OwnerType = spec.owner_type;
  const redirects = group.map((i) => i.spec.redirect_url);
  const shared = sharedOAuthCallback(redirects);
  const settingsUrl = spec.settings_url ?? oauthAppsListUrl(webUrl, spec.owner, ownerType);
  const registered = spec.registered_callback_url;
  const base = {
    // The app's one aspect regionsync checks, named like a GitHub App's `callbacks`.
    object: `${spec.owner}/${spec.name}/callback`,
    name: spec.name,
    declarations: [...new Set(group.map((i) => i.declaration))],
    policy: first.policy,
    // Nothing about the app can be observed, so the plan rests only on the file.
    basis: basisOf({ unobservable: "oauth_app" }),
  };

  if (!registered) {
    const callback = shared ?? redirects[0]!;
    const link = oauthAppRegistrationUrl(webUrl, spec.owner, ownerType, {
      name: spec.name,
      homepageUrl: spec.homepage_url,
      callbackUrl: callback,
    });
    return {
      ...base,
      action: "manual" as const,
      regions: group.map(regionLabel),
      diffs: [{ path: "callback_url", op: "add", after: callback }],
      instructions: {
        summary: `Register the OAuth App "${spec.name}" with the callback URL ${callback}`,
        url: link,
        steps: [
          `Open ${link} (pre-filled) and confirm: name "${spec.name}", Authorization callback URL ${callback}.`,
          ...(shared ? [] : [singleAppImpossible(redirects)]),
          `Record it in desired-state.yaml: registered_callback_url: ${callback} (and client_id).`,
        ],
      },
    };
  }

  const rejected: Rejection[] = [];
  for (const instance of group) {
    const verdict = checkOAuthRedirect(registered, instance.spec.redirect_url);
    if (!verdict.accepted) rejected.push({ instance, verdict });
  }
  if (rejected.length === 0) return undefined;

  const why = rejected.map((r) => `${regionLabel(r.instance)}: ${r.verdict.detail}`);
  const secondApps = (lead: string) =>
    rejected.map((r) => {
      const link = oauthAppRegistrationUrl(webUrl, spec.owner, ownerType, {
        name: `${spec.name} (${regionLabel(r.instance)})`,
        homepageUrl: spec.homepage_url,
        callbackUrl: r.instance.spec.redirect_url,
      });
      return `${lead} a second OAuth App for ${regionLabel(r.instance)} (pre-filled): ${link}, then declare it in desired-state.yaml with regions: [${regionLabel(r.instance)}] and registered_callback_url: ${r.instance.spec.redirect_url}, and remove ${regionLabel(r.instance)} from this app's regions.`;
    });
  const verdict = structuralVerdict(rejected, registered, shared);
  const steps = shared
    ? [
        `Open ${settingsUrl}${spec.settings_url ? "" : `, choose "${spec.name}"`} and set "Authorization callback URL" to ${shared}.`,
        `Record it in desired-state.yaml: registered_callback_url: ${shared}.`,
        ...secondApps("Or register"),
      ]
    : [singleAppImpossible(redirects), ...secondApps("Register")];
  return {
    ...base,
    action: "manual" as const,
    regions: rejected.map((r) => regionLabel(r.instance)),
    diffs: shared ? [{ path: "callback_url", op: "change", before: registered, after: shared }] : [],
    instructions: {
      summary: `${verdict} (${why.join("; ")})`,
      url: settingsUrl,
      steps,
    },
  };
}

function structuralVerdict(rejected: Rejection[], registered: string, shared: string | undefined): string {
  const callbackHost = new URL(registered).hostname;
  const hosts = rejected
    .filter((r) => r.verdict.reason === "host")
    .map((r) => new URL(r.instance.spec.redirect_url).hostname);
  const regions = rejected.map((r) => regionLabel(r.instance)).join(", ");
  if (hosts.length > 0 && shared) {
    const sharedHost = new URL(shared).hostname;
    return `${hosts.join(", ")} ${hosts.length > 1 ? "are" : "is"} not under ${callbackHost}: register a second OAuth App for ${regions}, or move the callback to ${shared}, which lets every sub-domain of ${sharedHost} receive codes`;
  }
  if (shared)
    return `GitHub would refuse the redirect of ${regions}: move the callback to ${shared}, or register a second OAuth App for ${regions}`;
  return `No single OAuth App callback can serve ${regions} together with the registered ${registered}: register a second OAuth App for ${regions}`;
}

function singleAppImpossible(redirects: string[]): string {
  return `No one callback URL accepts all of ${redirects.join(", ")} (an OAuth App has exactly one callback, and they share no parent domain, scheme and port), so each needs an app of its own.`;
}

const identity = (i: Instance<OAuthAppSpec>) => `${i.spec.owner}/${i.spec.name}`;

export const oauthAppsKind: Kind<OAuthAppSpec, GitHubSession, { webUrl: string }, undefined> = {
  key: "oauth_apps",
  kind: "oauth_app",
  description:
    "An OAuth App used for login. Its callback URL cannot be read or written through any API: regionsync checks every region's redirect against the registered callback and tells a person what to change.",
  schema: declares(oauthAppSchema),
  payload: noPayload,
  sharing: "merge",
  identity,
  validate: insecureRedirects,
  // Nothing about an OAuth App can be read with a token (`apps.checkToken` needs the app's own secret).
  observe: async (session) => ({ state: { webUrl: session.webUrl }, owned: 0, diagnostics: [] }),
  plan: (instances, { state }) => ({
    changes: byApp(instances, identity).flatMap((group) => planOAuthApp(group, state.webUrl) ?? []),
    diagnostics: [],
  }),
  apply: applyNothing,
};
