/**
 * One Datadog org: its settings, and the SDK clients regionsync talks to it with. The SDK is configured per account
 * (never through DD_SITE or other process-wide state), so two orgs on different sites can be reconciled in one run.
 */

import { z } from "zod";
import type { ConnectContext, Env, Logger } from "../../core/types.js";
import { client, loadV2, v1, type v2 } from "./sdk.js";
import { DatadogTransport, type TransportOptions } from "./transport.js";

export const sites = [
  "datadoghq.com",
  "us3.datadoghq.com",
  "us5.datadoghq.com",
  "ap1.datadoghq.com",
  "ap2.datadoghq.com",
  "uk1.datadoghq.com",
  "datadoghq.eu",
  "ddog-gov.com",
  "us2.ddog-gov.com",
] as const;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

export const accountSchema = z.strictObject({
  site: z.enum(sites).describe("The Datadog site the org lives on."),
  api_key_env: envName.describe("Environment variable holding the org's API key."),
  app_key_env: envName.describe(
    "Environment variable holding an application key with monitors and integrations write.",
  ),
});

export type DatadogSettings = z.infer<typeof accountSchema>;

/** `datadoghq.com` and `datadoghq.eu` serve the app on `app.`; the numbered sites serve it on their own host. */
export function appUrl(site: string): string {
  return /^(us\d|ap\d|uk\d)\./.test(site) ? `https://${site}` : `https://app.${site}`;
}

/** The v2 clients, loaded on first use (see sdk.ts). */
export interface V2Clients {
  rules: v2.MonitorsApi;
  opsgenie: v2.OpsgenieIntegrationApi;
  serializer: typeof v2.ObjectSerializer;
}

export interface DatadogSession {
  account: string;
  /** The web app of the org's site, for links in plans. */
  appUrl: string;
  monitors: v1.MonitorsApi;
  pagerduty: v1.PagerDutyIntegrationApi;
  v2(): Promise<V2Clients>;
  transport: DatadogTransport;
  env: Env;
  logger: Logger;
}

/** Transport tuning for tests and the benchmark; production uses the defaults. */
export type SessionTuning = Omit<TransportOptions, "logger">;

export function connectSession(ctx: ConnectContext<DatadogSettings>, tuning: SessionTuning = {}): DatadogSession {
  const { account, env, logger } = ctx;
  const apiKey = env[account.settings.api_key_env];
  const appKey = env[account.settings.app_key_env];
  const missing = [account.settings.api_key_env, account.settings.app_key_env].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`Datadog account "${account.name}" needs the environment variables ${missing.join(", ")}`);
  }
  const transport = new DatadogTransport({ ...tuning, logger });
  const configuration = client.createConfiguration({
    authMethods: { apiKeyAuth: apiKey, appKeyAuth: appKey },
    // `endpoint` replaces the site's API host entirely (proxies, the sandbox's emulator).
    baseServer: account.endpoint ? new client.BaseServerConfiguration(account.endpoint, {}) : undefined,
    httpApi: transport,
    enableRetry: false,
  });
  if (!account.endpoint) configuration.setServerVariables({ site: account.settings.site });
  let clients: Promise<V2Clients> | undefined;
  return {
    account: account.name,
    appUrl: appUrl(account.settings.site),
    monitors: new v1.MonitorsApi(configuration),
    pagerduty: new v1.PagerDutyIntegrationApi(configuration),
    v2: () => {
      clients ??= loadV2().then((sdk) => ({
        rules: new sdk.MonitorsApi(configuration),
        opsgenie: new sdk.OpsgenieIntegrationApi(configuration),
        serializer: sdk.ObjectSerializer,
      }));
      return clients;
    },
    transport,
    env,
    logger,
  };
}
