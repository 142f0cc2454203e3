/**
 * One Datadog org: the SDK configured for it and the clients regionsync talks to it with. Loaded by `connect` only,
 * so commands that contact no vendor never load the SDK. The SDK is configured per account (never through DD_SITE or
 * other process-wide state), so two orgs on different sites can be reconciled in one run.
 */
import type { ConnectContext } from "../../core/kind.js";
import { createOnce, sleep } from "../../core/retry.js";
import type { Env, Logger, SecretSink } from "../../core/types.js";
import type { DatadogSettings } from "./account.js";
import { ambiguous, timedOut } from "./errors.js";
import { createClients, type DatadogClients } from "./session-clients.js";
import { client } from "./session-sdk.js";
import { DatadogTransport, type TransportOptions } from "./session-transport.js";
import { SharedReads } from "./shared-reads.js";

/** `datadoghq.com` and `datadoghq.eu` serve the app on `app.`; the numbered sites serve it on their own host. */
export function appUrl(site: string): string {
  return /^(us\d|ap\d|uk\d)\./.test(site) ? `https://${site}` : `https://app.${site}`;
}

/** Attempts after the first of a create that Datadog does not make idempotent. */
const CREATE_RETRIES = 3;

export interface DatadogSession extends DatadogClients {
  account: string;
  /** The web app of the org's site, for links in plans. */
  appUrl: string;
  /** Reads that several kinds observe from (the owned monitors and the ledger among them), once per round. */
  shared: SharedReads;
  env: Env;
  logger: Logger;
  /** Every credential the session reads (a paging key at apply) is registered here before anything could print it. */
  secrets: SecretSink;
  /**
   * The one way a create Datadog would keep twice (a paging service, a notification rule) is sent: after an
   * ambiguous failure (5xx, lost answer, timeout), `find` looks for what it may have made before it is sent again.
   * With `afterTimeout: "stop"`, a create that timed out is not sent again: Datadog may still be making it, so a look
   * now proves nothing, and the next run looks instead.
   */
  createOnce<T>(
    create: () => Promise<T>,
    find: () => Promise<T | undefined>,
    opts?: { afterTimeout: "look" | "stop" },
  ): Promise<T>;
  /** How long a claim may stand without its rule before it counts as its run's, killed: twice the request timeout. */
  claimTimeoutMs: number;
  sleep(ms: number): Promise<void>;
}

/** Transport tuning for tests and the benchmark; production uses the defaults. */
export type SessionTuning = Omit<TransportOptions, "logger" | "requests" | "fetch">;

export function connectSession(ctx: ConnectContext<DatadogSettings>, tuning: SessionTuning = {}): DatadogSession {
  const { account, env, logger, secrets } = ctx;
  const { api_key_env, app_key_env } = account.settings;
  const missing = [api_key_env, app_key_env].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`Datadog account "${account.name}" needs the environment variables ${missing.join(", ")}`);
  }
  secrets.add(env[api_key_env]);
  secrets.add(env[app_key_env]);
  const configuration = client.createConfiguration({
    authMethods: { apiKeyAuth: env[api_key_env], appKeyAuth: env[app_key_env] },
    // `endpoint` replaces the site's API host entirely (proxies, the sandbox's emulator).
    baseServer: account.endpoint ? new client.BaseServerConfiguration(account.endpoint, {}) : undefined,
    httpApi: new DatadogTransport({
      timeoutMs: ctx.requestTimeoutMs,
      ...tuning,
      logger,
      requests: ctx.requests,
      fetch: ctx.fetch,
    }),
    enableRetry: false,
  });
  if (!account.endpoint) configuration.setServerVariables({ site: account.settings.site });
  const wait = tuning.sleep ?? sleep;
  return {
    ...createClients(configuration),
    account: account.name,
    appUrl: appUrl(account.settings.site),
    shared: new SharedReads(),
    env,
    logger,
    secrets,
    claimTimeoutMs: 2 * ctx.requestTimeoutMs,
    sleep: wait,
    createOnce: (create, find, opts) =>
      createOnce(create, {
        find,
        ambiguous: (error) => ambiguous(error) && !(opts?.afterTimeout === "stop" && timedOut(error)),
        retries: CREATE_RETRIES,
        sleep: wait,
        onRetry: (error, attempt, delayMs) =>
          logger.warn("datadog create retried after looking", {
            attempt,
            delayMs,
            reason: error instanceof Error ? error.message : String(error),
          }),
      }),
  };
}
