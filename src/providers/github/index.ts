/**
 * The GitHub provider: app redirect checks (manual changes: no API can write them), deployment environments with
 * variables and secrets, and org and repo webhooks.
 */
import type { Account, Change, ChangeResult, Diagnostic, Instance, Observation, Provider } from "../../core/types.js";
import { accountProblem, accountSchema, type GitHubAccount } from "./account.js";
import { createGitHubClient, githubPacing, type Pacing, resolveCredentials } from "./client.js";
import {
  type EnvironmentPayload,
  type EnvironmentSpec,
  environmentKey,
  environmentsKind,
  planEnvironment,
  planEnvironmentDeletes,
} from "./environments.js";
import { applyEnvironment, observeEnvironments } from "./environments-io.js";
import { type GitHubAppSpec, githubAppsKind, planGitHubApp } from "./github-apps.js";
import { isStatus } from "./ledger.js";
import { webUrlFor } from "./links.js";
import { type OAuthAppSpec, oauthAppsKind, planOAuthApp } from "./oauth-apps.js";
import { preflight } from "./preflight.js";
import { MAX_GITHUB_APP_CALLBACKS } from "./redirect.js";
import type { GitHubSession } from "./session.js";
import { emptyState, type GitHubState } from "./state.js";
import {
  hookScope,
  planWebhook,
  planWebhookDeletes,
  type WebhookPayload,
  type WebhookSpec,
  webhooksKind,
} from "./webhooks.js";
import { applyWebhook, observeWebhooks } from "./webhooks-io.js";

const ofKind = <S>(instances: Instance[], kind: string) => instances.filter((i) => i.kind === kind) as Instance<S>[];

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

function validate(instances: Instance[], accounts: Account<GitHubAccount>[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const a of accounts) {
    const problem = accountProblem(a.settings);
    if (problem) out.push({ severity: "error", message: `account ${a.name}: ${problem}`, at: a.at });
  }
  for (const i of ofKind<GitHubAppSpec>(instances, "github_app")) {
    if (i.spec.registered_callback_urls.length > MAX_GITHUB_APP_CALLBACKS) {
      out.push({
        severity: "error",
        message: `GitHub App ${i.spec.slug} lists ${i.spec.registered_callback_urls.length} callback URLs; GitHub allows ${MAX_GITHUB_APP_CALLBACKS}`,
        instance: i.id,
        at: i.fieldPositions.registered_callback_urls ?? i.at,
      });
    }
  }
  for (const i of ofKind<OAuthAppSpec | GitHubAppSpec>(instances, "oauth_app").concat(
    ofKind(instances, "github_app"),
  )) {
    const url = new URL(i.spec.redirect_url);
    if (url.protocol === "http:" && !["127.0.0.1", "[::1]", "localhost"].includes(url.hostname)) {
      out.push({
        severity: "warning",
        message: `redirect_url ${i.spec.redirect_url} uses http: the authorization code would travel unencrypted`,
        instance: i.id,
        at: i.fieldPositions.redirect_url ?? i.at,
      });
    }
  }
  for (const i of ofKind<WebhookSpec>(instances, "webhook")) {
    if (Boolean(i.spec.repository) === Boolean(i.spec.organization)) {
      out.push({
        severity: "error",
        message: `webhook ${i.spec.name} needs exactly one of repository and organization`,
        instance: i.id,
        at: i.at,
      });
    }
  }
  return out;
}

async function observe(session: GitHubSession, instances: Instance[]): Promise<Observation<GitHubState>> {
  const state = emptyState(session.webUrl);
  const diagnostics: Diagnostic[] = [];
  for (const slug of new Set(ofKind<GitHubAppSpec>(instances, "github_app").map((i) => i.spec.slug))) {
    try {
      const { data } = await session.client.rest.apps.getBySlug({ app_slug: slug });
      const owner = data?.owner && "login" in data.owner ? data.owner.login : null;
      state.githubApps[slug] = { slug, name: data?.name ?? slug, clientId: data?.client_id ?? null, owner };
    } catch (error) {
      if (isStatus(error, 404)) state.githubApps[slug] = null;
      else {
        diagnostics.push({
          severity: "warning",
          message: `GitHub App ${slug} could not be read (${(error as { status?: number }).status ?? "no status"}); its callbacks are still checked against the file`,
        });
      }
    }
  }
  const environments = await observeEnvironments(session, ofKind(instances, "environment"), diagnostics);
  const webhooks = await observeWebhooks(session, ofKind(instances, "webhook"), diagnostics);
  state.environments = environments.environments;
  state.hookScopes = webhooks.scopes;
  state.unreadable = [...environments.unreadable, ...webhooks.unreadable];
  const ownedHooks = Object.values(state.hookScopes).reduce(
    (n, s) => n + Object.values(s.owned).filter((o) => s.hooks.some((h) => h.id === o.id)).length,
    0,
  );
  return {
    account: session.account,
    state,
    owned: {
      environment: Object.values(state.environments).filter((e) => e.owned).length,
      webhook: ownedHooks,
    },
    diagnostics,
  };
}

function plan(instances: Instance[], observation: Observation<GitHubState>) {
  const { state } = observation;
  const changes: Change[] = [];
  for (const group of groupBy(ofKind<OAuthAppSpec>(instances, "oauth_app"), oauthAppsKind.identity)) {
    const change = planOAuthApp(group, state.webUrl);
    if (change) changes.push(change);
  }
  const diagnostics: Diagnostic[] = [];
  for (const group of groupBy(ofKind<GitHubAppSpec>(instances, "github_app"), githubAppsKind.identity)) {
    const spec = group[0]!.spec;
    let observed = state.githubApps[spec.slug];
    // A private app is invisible to credentials outside its owner: with callbacks on record, it surely exists.
    if (observed === null && spec.registered_callback_urls.length > 0) {
      diagnostics.push({
        severity: "warning",
        message: `GitHub App ${spec.slug} is not visible to these credentials (private, or renamed); its callbacks are checked against the file only`,
        instance: group[0]!.id,
      });
      observed = undefined;
    }
    changes.push(...planGitHubApp(group, observed, state.webUrl));
  }
  const readable = (repositoryOrScope: string) => !state.unreadable.includes(repositoryOrScope);
  const environments = ofKind<EnvironmentSpec>(instances, "environment").filter((i) => readable(i.spec.repository));
  for (const i of environments) {
    changes.push(...planEnvironment(i, state.environments[environmentKey(i.spec.repository, i.spec.name)]));
  }
  const declaredEnvs = new Set(environments.map((i) => environmentKey(i.spec.repository, i.spec.name)));
  changes.push(
    ...planEnvironmentDeletes(Object.values(state.environments), declaredEnvs, observation.account, state.webUrl),
  );
  const webhooks = ofKind<WebhookSpec>(instances, "webhook").filter((i) => readable(hookScope(i.spec)));
  for (const i of webhooks) {
    const change = planWebhook(i, state.hookScopes[hookScope(i.spec)], state.webUrl);
    if (change) changes.push(change);
  }
  const declaredHooks = new Set(webhooks.map((i) => `${hookScope(i.spec)}/${i.spec.name}`));
  changes.push(...planWebhookDeletes(Object.values(state.hookScopes), declaredHooks, observation.account));
  return { changes, diagnostics };
}

async function apply(session: GitHubSession, change: Change): Promise<ChangeResult> {
  if (change.action === "manual") {
    return { changeId: change.id, status: "skipped", message: "a person must do this: see the instructions" };
  }
  try {
    const ref =
      change.kind === "environment"
        ? await applyEnvironment(session, change.payload as EnvironmentPayload)
        : change.kind === "webhook"
          ? await applyWebhook(session, change.payload as WebhookPayload)
          : undefined;
    if (ref === undefined)
      return { changeId: change.id, status: "skipped", message: `nothing to apply for ${change.kind}` };
    return { changeId: change.id, status: "applied", ref };
  } catch (error) {
    const status = (error as { status?: number }).status;
    session.logger.error("github apply failed", { change: change.id, status });
    // Octokit's message is GitHub's `message`; request bodies (which may hold a secret) are never included.
    return {
      changeId: change.id,
      status: "failed",
      message: `${status ? `${status}: ` : ""}${(error as Error).message}`,
    };
  }
}

/** Builds the provider; tests pass a shorter `pacing` so rate-limit waits take milliseconds. */
export function createGitHubProvider(
  opts: { pacing?: Pacing } = {},
): Provider<GitHubAccount, GitHubSession, GitHubState> {
  return {
    name: "github",
    description: "GitHub: app callback checks, deployment environments (variables, secrets) and webhooks.",
    accountSchema,
    kinds: [oauthAppsKind, githubAppsKind, environmentsKind, webhooksKind] as Provider["kinds"],
    validate,
    async connect({ account, env, logger }) {
      const settings = accountSchema.parse(account.settings ?? {});
      const baseUrl = account.endpoint ?? settings.api_url;
      return {
        account: account.name,
        client: createGitHubClient({
          baseUrl,
          credentials: resolveCredentials(settings, env),
          logger,
          pacing: opts.pacing ?? githubPacing,
        }),
        webUrl: settings.web_url ?? webUrlFor(settings.api_url),
        env,
        logger,
      };
    },
    observe,
    plan,
    preflight,
    apply,
  };
}

export const githubProvider = createGitHubProvider();
