/**
 * The one place an Octokit is built: base URL per account (GitHub Enterprise Server), token or GitHub App
 * credentials, retry and throttling that honour GitHub's primary and secondary rate limits, a timeout on every
 * request, safe retries of creates, and one-line errors. Loaded by `connect` (and the plan comment), so commands that
 * contact no vendor never load the SDK.
 */
import { createAppAuth } from "@octokit/auth-app";
import { retry } from "@octokit/plugin-retry";
import { type ThrottlingOptions, throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import sodium from "libsodium-wrappers";
import { type ConnectContext, DEFAULT_REQUEST_TIMEOUT_MS } from "../../core/kind.js";
import { type RequestCounter, uncounted } from "../../core/request-counter.js";
import { createOnce } from "../../core/retry.js";
import type { Env, Logger, SecretSink } from "../../core/types.js";
import { VendorRequestError } from "../../core/vendor-error.js";
import { accountSchema, type GitHubAccount } from "./account.js";
import { webUrlFor } from "./links.js";
import { guardedFetch, summarizeError } from "./transport.js";

/** Creates are retried as often as plugin-retry retries other requests, with its waits. */
const CREATE_RETRIES = 3;

/**
 * After a 5xx, a reset or a timeout a create may have happened: GitHub answered 5xx, or no answer came (Octokit
 * reports that as 500).
 */
const ambiguous = (error: unknown) =>
  error instanceof VendorRequestError && (error.status === undefined || error.status >= 500);

/**
 * `gh.createOnce(create, find)`: the one way a create (a POST) is sent. plugin-retry may not retry a POST (a lost
 * answer to a create that worked would make a second hook, variable or comment), so after an ambiguous failure `find`
 * looks for what the create would have made before it is sent again.
 */
function safeCreates(octokit: { log: { warn(message: string): void } }, options: Record<string, unknown>) {
  const baseMs = typeof options.createRetryBaseMs === "number" ? options.createRetryBaseMs : 1000;
  const requests = counterOf(options);
  return {
    createOnce: <T>(create: () => Promise<T>, find: () => Promise<T | undefined>): Promise<T> =>
      createOnce(create, {
        find,
        ambiguous,
        retries: CREATE_RETRIES,
        delayMs: (_error, attempt) => attempt * attempt * baseMs,
        onRetry: (error, attempt) => {
          requests.retried();
          octokit.log.warn(`create retried (attempt ${attempt}) after: ${(error as Error).message}`);
        },
      }),
  };
}

const counterOf = (options: Record<string, unknown>) =>
  (options.requestCounter as RequestCounter | undefined) ?? uncounted;

/**
 * Counts the retries plugin-retry and plugin-throttling make. Applied before them, so its wrap is the innermost and
 * sees every attempt; both plugins send a request again with the options object of its first attempt.
 */
function countRetries(octokit: Parameters<Parameters<typeof Octokit.plugin>[0]>[0], options: Record<string, unknown>) {
  const requests = counterOf(options);
  const attempted = new WeakSet<object>();
  octokit.hook.wrap("request", (request, attempt) => {
    if (attempted.has(attempt)) requests.retried();
    else attempted.add(attempt);
    return request(attempt);
  });
}

export const GitHubClient = Octokit.plugin(countRetries, retry, throttling, safeCreates);
export type GitHubClient = InstanceType<typeof GitHubClient>;

/** How politely the client paces itself. The defaults are GitHub's; tests against an emulator shorten them. */
export interface Pacing {
  /** Milliseconds per second of `retry-after` (and of plugin-retry's 1, 4, 9 backoff). */
  retryAfterBaseMs: number;
  /** Space writes ≥1 s apart and comment creation ≥3 s apart, as GitHub asks of content-creating requests. */
  spaceWrites: boolean;
  /** Retries after a primary or secondary rate-limit answer. */
  rateLimitRetries: number;
}

const githubPacing: Pacing = { retryAfterBaseMs: 1000, spaceWrites: true, rateLimitRetries: 2 };

/** A Bottleneck group stand-in that runs every job at once: only used when `spaceWrites` is off. */
const unpaced = {
  key: () => ({ schedule: (_opts: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) => fn(...args) }),
};

export class CredentialsError extends Error {
  override name = "CredentialsError";
}

function required(env: Env, name: string, secrets: SecretSink | undefined): string {
  const value = env[name];
  if (!value) throw new CredentialsError(`environment variable ${name} is not set`);
  secrets?.add(value);
  return value;
}

type Credentials = { token: string } | { appId: string; privateKey: string; installationId: string };

/** The credentials an account names, read from the environment; throws naming the missing variable, never a value. */
function resolveCredentials(settings: GitHubAccount, env: Env, secrets?: SecretSink): Credentials {
  const read = (name: string) => required(env, name, secrets);
  if (settings.token_env) return { token: read(settings.token_env) };
  const { app_id_env, private_key_env, installation_id_env } = settings;
  if (!app_id_env || !private_key_env || !installation_id_env) {
    throw new CredentialsError("the account needs token_env, or app_id_env, private_key_env and installation_id_env");
  }
  const appId = read(app_id_env);
  // CI secret stores often hold a PEM on one line with literal \n escapes.
  const privateKey = read(private_key_env).replace(/\\n/g, "\n");
  secrets?.add(privateKey);
  return { appId, privateKey, installationId: read(installation_id_env) };
}

export function createGitHubClient(opts: {
  baseUrl: string;
  credentials: Credentials;
  logger: Logger;
  pacing?: Pacing;
  /** Receives every credential a request carries or mints. */
  secrets?: SecretSink;
  timeoutMs?: number;
  requests?: RequestCounter;
  /** The fetch requests go out through (the operator's proxy applied); the global fetch by default. */
  fetch?: typeof fetch;
}): GitHubClient {
  const { credentials, logger } = opts;
  const pacing = opts.pacing ?? githubPacing;
  const auth =
    "token" in credentials ? { auth: credentials.token } : { authStrategy: createAppAuth, auth: credentials };
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
      const retrying = retryCount < pacing.rateLimitRetries;
      logger.warn("github rate limit", {
        kind,
        retryAfterSeconds: retryAfter,
        method: options.method,
        route: options.url,
        retrying,
      });
      return retrying;
    };
  const throttle: ThrottlingOptions = {
    id: "regionsync",
    retryAfterBaseValue: pacing.retryAfterBaseMs,
    onRateLimit: onLimit("primary"),
    onSecondaryRateLimit: onLimit("secondary"),
    ...(pacing.spaceWrites ? {} : { write: unpaced as never, notifications: unpaced as never }),
  };
  const client = new GitHubClient({
    baseUrl: opts.baseUrl.replace(/\/+$/, ""),
    userAgent: "regionsync",
    ...auth,
    throttle,
    retry: { retryAfterBaseValue: pacing.retryAfterBaseMs },
    createRetryBaseMs: pacing.retryAfterBaseMs,
    requestCounter: opts.requests,
    request: {
      fetch: guardedFetch({
        timeoutMs: opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        secrets: opts.secrets ?? { add() {} },
        requests: opts.requests ?? uncounted,
        fetch: opts.fetch ?? fetch,
      }),
    },
    log: {
      debug: (message: string) => logger.debug("github request", { detail: message }),
      info: (message: string) => logger.debug("github request", { detail: message }),
      warn: (message: string) => logger.warn("github client warning", { detail: message }),
      // Octokit logs every non-2xx answer here, expected 404s (an absent ledger) included; what a failure means is
      // reported by the provider itself, as a diagnostic or a failed change.
      error: (message: string) => logger.debug("github request failed", { detail: message }),
    },
  });
  client.hook.before("request", (options) => {
    options.headers["x-github-api-version"] = "2022-11-28";
    // plugin-retry retries POSTs too; a retried create after a lost response makes a second hook or comment.
    // Creates are retried by `createOnce` instead, which looks first. A GraphQL query only reads: it may be retried.
    const graphqlQuery = options.url === "/graphql" && !/^\s*mutation\b/.test(String(options.query ?? ""));
    if (options.method === "POST" && !/\/access_tokens$/.test(options.url) && !graphqlQuery) {
      options.request = { ...options.request, retries: 0 };
    }
  });
  // Registered last, so it sees what is left once the plugins have retried.
  client.hook.error("request", (error, options) => {
    throw summarizeError(error, options);
  });
  return client;
}

export interface GitHubSession {
  account: string;
  client: GitHubClient;
  /** Where settings pages live, for manual instructions. */
  webUrl: string;
  /** Secret values are read from here at observe (to compare digests) and apply (to write), never stored. */
  env: Env;
  logger: Logger;
  /** Seals a secret value for GitHub with the base64 public key of its repository or environment. */
  seal(value: string, publicKey: string): Promise<string>;
}

async function seal(value: string, publicKey: string): Promise<string> {
  await sodium.ready;
  const b64 = sodium.base64_variants.ORIGINAL;
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), sodium.from_base64(publicKey, b64)), b64);
}

export function openSession(ctx: ConnectContext<GitHubAccount>, pacing?: Pacing): GitHubSession {
  const { account, env, logger, secrets } = ctx;
  const settings = accountSchema.parse(account.settings ?? {});
  return {
    account: account.name,
    client: createGitHubClient({
      baseUrl: account.endpoint ?? settings.api_url,
      credentials: resolveCredentials(settings, env, secrets),
      logger,
      pacing,
      secrets,
      timeoutMs: ctx.requestTimeoutMs,
      requests: ctx.requests,
      fetch: ctx.fetch,
    }),
    webUrl: settings.web_url ?? webUrlFor(settings.api_url),
    env,
    logger,
    seal,
  };
}
