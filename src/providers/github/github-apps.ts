/**
 * GitHub Apps: up to 10 callback URLs, matched exactly. No API reads or writes them, so regionsync checks each
 * region's redirect against the callbacks a person registered (recorded in the file) and reads what it can: that the
 * app exists and its client ID.
 */
import { z } from "zod";
import type { ChangeDraft, Kind, KindObservation, KindPlan } from "../../core/kind.js";
import type { Diagnostic, FieldDiff, Instance } from "../../core/types.js";
import { applyNothing, byApp, insecureRedirects, regionLabel as label, noPayload } from "./apps.js";
import { code } from "./codes.js";
import { basisOf } from "./digest.js";
import { githubAppRegistrationUrl, githubAppSettingsUrl, type OwnerType } from "./links.js";
import { loginSchema } from "./names.js";
import { checkGitHubAppRedirect, MAX_GITHUB_APP_CALLBACKS } from "./redirect.js";
import { isStatus } from "./requests.js";
import type { GitHubSession } from "./session.js";
import { declares, type Named } from "./spec.js";

export const githubAppSchema = z.strictObject({
  owner: loginSchema.describe("The organization (or user) that owns the app."),
  owner_type: z.enum(["organization", "user"]).default("organization"),
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .describe("The app's URL name: github.com/apps/SLUG."),
  client_id: z.string().optional().describe("The app's client ID; compared with what GitHub reports."),
  redirect_url: z.url().describe("The `redirect_uri` this region's login sends to GitHub."),
  registered_callback_urls: z
    .array(z.url())
    .default([])
    .describe("The callback URLs a person registered on the app's settings page (at most 10)."),
  webhook_url: z.url().optional().describe("Used to pre-fill a registration link for a region's own app."),
  homepage_url: z.url().optional().describe("Used to pre-fill a registration link."),
});

export type GitHubAppSpec = Named<typeof githubAppSchema>;

export interface ObservedGitHubApp {
  slug: string;
  name: string;
  clientId: string | null;
  owner: string | null;
}

export interface GitHubAppState {
  webUrl: string;
  /** By slug: null when GitHub says there is none, absent when it could not be read. */
  apps: Record<string, ObservedGitHubApp | null>;
}

type Draft = ChangeDraft<undefined>;

/**
 * The manual changes one app needs: add the missing callbacks when they fit under GitHub's limit of 10, else a
 * region-of-its-own registration link; and a note when what GitHub reports differs from the file.
 */
export function planGitHubApp(
  group: Instance<GitHubAppSpec>[],
  observed: ObservedGitHubApp | null | undefined,
  webUrl: string,
): Draft[] {
  const first = group[0]!;
  const spec = first.spec;
  const ownerType: OwnerType = spec.owner_type;
  const settingsUrl = githubAppSettingsUrl(webUrl, spec.owner, ownerType, spec.slug);
  // Every change is manual on the one app: the object names the aspect a person must fix.
  const app = `${spec.owner}/${spec.slug}`;
  const base = {
    name: spec.name,
    declarations: [...new Set(group.map((i) => i.declaration))],
    policy: first.policy,
    action: "manual" as const,
    basis: basisOf(observed === undefined ? { unread: spec.slug } : observed),
  };
  const registrationFor = (instances: Instance<GitHubAppSpec>[], name: string) =>
    githubAppRegistrationUrl(webUrl, spec.owner, ownerType, {
      name,
      homepageUrl: spec.homepage_url,
      callbackUrls: [...new Set(instances.map((i) => i.spec.redirect_url))],
      webhookUrl: instances[0]!.spec.webhook_url,
    });

  if (observed === null) {
    const link = registrationFor(group, spec.name);
    return [
      {
        ...base,
        object: `${app}/register`,
        regions: group.map(label),
        diffs: [{ path: "app", op: "add", after: spec.slug }],
        instructions: {
          summary: `GitHub shows no app "${spec.slug}": register it (if it exists but is private, record its callback URLs in desired-state.yaml)`,
          url: link,
          steps: [
            `Open ${link} (pre-filled with every region's callback URL) and confirm.`,
            "Record the slug GitHub assigns and its client ID in desired-state.yaml.",
          ],
        },
      },
    ];
  }

  const changes: Draft[] = [];
  const identityDiffs: FieldDiff[] = [];
  if (observed && spec.client_id && observed.clientId && observed.clientId !== spec.client_id) {
    identityDiffs.push({ path: "client_id", op: "change", before: observed.clientId, after: spec.client_id });
  }
  if (observed?.owner && observed.owner.toLowerCase() !== spec.owner.toLowerCase()) {
    identityDiffs.push({ path: "owner", op: "change", before: observed.owner, after: spec.owner });
  }
  if (identityDiffs.length > 0) {
    changes.push({
      ...base,
      object: `${app}/identity`,
      regions: group.map(label),
      diffs: identityDiffs,
      instructions: {
        summary: `GitHub reports a different ${identityDiffs.map((d) => d.path).join(" and ")} for "${spec.slug}" than desired-state.yaml`,
        url: settingsUrl,
        steps: [
          `Check ${settingsUrl}: if the file names the wrong app, correct client_id/owner in desired-state.yaml; if the slug points at the wrong app, correct the slug.`,
        ],
      },
    });
  }

  const registered = spec.registered_callback_urls;
  const missing = group.filter((i) => !checkGitHubAppRedirect(registered, i.spec.redirect_url).accepted);
  const toAdd = [...new Set(missing.map((i) => i.spec.redirect_url))];
  if (toAdd.length === 0) return changes;

  const room = MAX_GITHUB_APP_CALLBACKS - registered.length;
  if (toAdd.length <= room) {
    changes.push({
      ...base,
      object: `${app}/callbacks`,
      regions: missing.map(label),
      diffs: toAdd.map((url) => ({ path: "callback_urls", op: "add" as const, after: url })),
      instructions: {
        summary: `Add ${toAdd.length} callback URL${toAdd.length > 1 ? "s" : ""} to the GitHub App "${spec.slug}"`,
        url: settingsUrl,
        steps: [
          ...toAdd.map((url) => `On ${settingsUrl}, under "Callback URL", click "Add Callback URL" and enter ${url}.`),
          'Click "Save changes".',
          `Record them in desired-state.yaml under registered_callback_urls: ${toAdd.join(", ")}.`,
        ],
      },
    });
    return changes;
  }

  // More callbacks than GitHub allows: the regions that do not fit need an app of their own.
  const overflow = missing.filter((i) => toAdd.indexOf(i.spec.redirect_url) >= room);
  const fitting = toAdd.slice(0, Math.max(0, room));
  const links = overflow.map((i) => {
    const link = registrationFor([i], `${spec.name} (${label(i)})`);
    return `Register a GitHub App for ${label(i)} (pre-filled): ${link}, then declare it in desired-state.yaml with regions: [${label(i)}] and remove ${label(i)} from this app's regions.`;
  });
  changes.push({
    ...base,
    object: `${app}/callbacks`,
    regions: missing.map(label),
    diffs: fitting.map((url) => ({ path: "callback_urls", op: "add" as const, after: url })),
    instructions: {
      summary: `"${spec.slug}" would need ${registered.length + toAdd.length} callback URLs; GitHub allows ${MAX_GITHUB_APP_CALLBACKS}: ${overflow.map(label).join(", ")} need${overflow.length === 1 ? "s" : ""} a GitHub App of ${overflow.length === 1 ? "its" : "their"} own`,
      url: settingsUrl,
      steps: [...fitting.map((url) => `On ${settingsUrl}, add the callback URL ${url}.`), ...links],
    },
  });
  return changes;
}

async function observe(
  session: GitHubSession,
  instances: Instance<GitHubAppSpec>[],
): Promise<KindObservation<GitHubAppState>> {
  const apps: GitHubAppState["apps"] = {};
  const diagnostics: Diagnostic[] = [];
  for (const slug of new Set(instances.map((i) => i.spec.slug))) {
    try {
      const { data } = await session.client.rest.apps.getBySlug({ app_slug: slug });
      const owner = data?.owner && "login" in data.owner ? data.owner.login : null;
      apps[slug] = { slug, name: data?.name ?? slug, clientId: data?.client_id ?? null, owner };
    } catch (error) {
      if (isStatus(error, 404)) apps[slug] = null;
      else {
        diagnostics.push({
          severity: "warning",
          code: code("app-unreadable"),
          message: `GitHub App ${slug} could not be read (${(error as { status?: number }).status ?? "no status"}); its callbacks are still checked against the file`,
        });
      }
    }
  }
  return { state: { webUrl: session.webUrl, apps }, owned: 0, diagnostics };
}

const identity = (i: Instance<GitHubAppSpec>) => `${i.spec.owner}/${i.spec.slug}`;

function plan(instances: Instance<GitHubAppSpec>[], { state }: KindObservation<GitHubAppState>): KindPlan<undefined> {
  const changes: Draft[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const group of byApp(instances, identity)) {
    const spec = group[0]!.spec;
    let observed = state.apps[spec.slug];
    // A private app is invisible to credentials outside its owner: with callbacks on record, it surely exists.
    if (observed === null && spec.registered_callback_urls.length > 0) {
      diagnostics.push({
        severity: "warning",
        code: code("app-not-visible"),
        message: `GitHub App ${spec.slug} is not visible to these credentials (private, or renamed); its callbacks are checked against the file only`,
        instance: group[0]!.id,
      });
      observed = undefined;
    }
    changes.push(...planGitHubApp(group, observed, state.webUrl));
  }
  return { changes, diagnostics };
}

function validate(instances: Instance<GitHubAppSpec>[]): Diagnostic[] {
  const tooMany = instances
    .filter((i) => i.spec.registered_callback_urls.length > MAX_GITHUB_APP_CALLBACKS)
    .map(
      (i): Diagnostic => ({
        severity: "error",
        code: code("too-many-callbacks"),
        message: `GitHub App ${i.spec.slug} lists ${i.spec.registered_callback_urls.length} callback URLs; GitHub allows ${MAX_GITHUB_APP_CALLBACKS}`,
        instance: i.id,
        at: i.fieldPositions.registered_callback_urls ?? i.at,
      }),
    );
  return [...tooMany, ...insecureRedirects(instances)];
}

export const githubAppsKind: Kind<GitHubAppSpec, GitHubSession, GitHubAppState, undefined> = {
  key: "github_apps",
  kind: "github_app",
  description:
    "A GitHub App used for login or integrations. Its callback URLs cannot be read or written through any API: regionsync checks every region's redirect against the registered callbacks and tells a person what to add.",
  schema: declares(githubAppSchema),
  payload: noPayload,
  sharing: "merge",
  identity,
  validate,
  observe,
  plan,
  apply: applyNothing,
};
