/**
 * One Datadog org: the SDK configured for it and the clients regionsync talks to it with. Loaded by `connect` only,
 * so commands that contact no vendor never load the SDK. The SDK is configured per account (never through DD_SITE or
 * other process-wide state), so two orgs on different sites can be reconciled in one run.
 */
import type { ConnectContext } from "../../core/kind.js";
import type { Env, Logger } from "../../core/types.js";
import type { DatadogSettings } from "./account.js";
import { createClients, type DatadogClients } from "./session-clients.js";
import { client } from "./session-sdk.js";
import { DatadogTransport, type TransportOptions } from "./session-transport.js";
import { SharedReads } from "./shared-reads.js";

/** `datadoghq.com` and `datadoghq.eu` serve the app on `app.`; the numbered sites serve it on their own host. */
export function appUrl(site: string): string {
  return /^(us\d|ap\d|uk\d)\./.test(site) ? `https://${site}` : `https://app.${site}`;
}

export interface DatadogSession extends DatadogClients {
  account: string;
  /** The web app of the org's site, for links in plans. */
  appUrl: string;
  /** Reads that several kinds observe from (the owned monitors and the ledger among them), once per round. */
  shared: SharedReads;
  env: Env;
  logger: Logger;
}

/** Transport tuning for tests and the benchmark; production uses the defaults. */
export type SessionTuning = Omit<TransportOptions, "logger" | "requests" | "fetch">;

export function connectSession(ctx: ConnectContext<DatadogSettings>, tuning: SessionTuning = {}): DatadogSession {
  const { account, env, logger } = ctx;
  const missing = [account.settings.api_key_env, account.settings.app_key_env].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`Datadog account "${account.name}" needs the environment variables ${missing.join(", ")}`);
  }
  const configuration = client.createConfiguration({
    authMethods: { apiKeyAuth: env[account.settings.api_key_env], appKeyAuth: env[account.settings.app_key_env] },
    // `endpoint` replaces the site's API host entirely (proxies, the sandbox's emulator).
    baseServer: account.endpoint ? new client.BaseServerConfiguration(account.endpoint, {}) : undefined,
    httpApi: new DatadogTransport({ ...tuning, logger, requests: ctx.requests, fetch: ctx.fetch }),
    enableRetry: false,
  });
  if (!account.endpoint) configuration.setServerVariables({ site: account.settings.site });
  return {
    ...createClients(configuration),
    account: account.name,
    appUrl: appUrl(account.settings.site),
    shared: new SharedReads(),
    env,
    logger,
  };
}
