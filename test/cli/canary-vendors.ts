/**
 * What the canary test runs the CLI against: every vendor of the root desired-state.yaml on an emulator (two Auth0
 * tenants, GitHub, two Datadog orgs) and one loopback receiver standing in for Slack and the Pushgateway, with every
 * credential planted with characters that change under every encoding. The faults make vendors refuse with an answer
 * that repeats the request, credentials first.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Auth0Emulator } from "../../emulators/auth0/index.js";
import { startSandbox as startTenant } from "../../emulators/auth0/sandbox.js";
import type { EmulatorRequest } from "../../emulators/common/server.js";
import { type DatadogEmulator, startDatadogEmulator } from "../../emulators/datadog/index.js";
import { seedSampleOrg as seedDatadogOrg } from "../../emulators/datadog/sandbox.js";
import { type GitHubEmulator, startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg } from "../../emulators/github/sandbox.js";
import { OPERATOR_ENV } from "../../src/core/operator-env.js";
import { canaryFile } from "./canary-file.js";

export const secrets = {
  AUTH0_US_CLIENT_ID: "canary-client-us",
  AUTH0_US_CLIENT_SECRET: 'cs "us" canary+/=&%41 \\ secret',
  AUTH0_EU_CLIENT_ID: "canary-client-eu",
  AUTH0_EU_CLIENT_SECRET: 'cs "eu" canary+/=&%41 \\ secret',
  REGIONSYNC_GITHUB_TOKEN: "ghp_canary+/=token0123456789",
  DEPLOY_TOKEN_us: 'deploy "us" canary+/=&',
  DEPLOY_TOKEN_eu: 'deploy "eu" canary+/=&',
  WEBHOOK_SECRET: 'wh "canary" \\ secret+/=&',
  GITHUB_TOKEN: "ghs_canary+/=workflow0123456789",
  DD_US_API_KEY: 'dd-api "us" canary+/=&%41',
  DD_US_APP_KEY: "dd-app-us-canary+/=\\0123456789",
  DD_EU_API_KEY: 'dd-api "eu" canary+/=&%41',
  DD_EU_APP_KEY: "dd-app-eu-canary+/=\\0123456789",
  PAGERDUTY_KEY_us: 'pd "us" canary+/=&key',
  PAGERDUTY_KEY_eu: 'pd "eu" canary+/=&key',
  REGIONSYNC_SLACK_WEBHOOK_URL: "",
};

/** Every form a secret may take in text: raw, URL- and form-encoded, JSON-escaped once and twice, base64. */
export function forms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    json,
    JSON.stringify(json).slice(1, -1),
    Buffer.from(secret).toString("base64"),
    Buffer.from(secret).toString("base64url"),
  ];
}

const tokenRequest = (r: EmulatorRequest) => r.path === "/oauth/token";
const patch = (r: EmulatorRequest) => r.method === "PATCH";
const environments = (r: EmulatorRequest) => r.method === "GET" && r.path.endsWith("/environments");
const hookCreate = (r: EmulatorRequest) => r.method === "POST" && r.path.endsWith("/hooks");
const monitorListing = (r: EmulatorRequest) => r.method === "GET" && r.path === "/api/v1/monitor";
const monitorValidation = (r: EmulatorRequest) => r.method === "POST" && r.path === "/api/v1/monitor/validate";
const serviceCreate = (r: EmulatorRequest) => r.method === "POST" && r.path.endsWith("/configuration/services");

/** A loopback HTTP server that answers 200 and keeps each request's body: Slack's webhook, the Pushgateway. */
async function receiver(): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      bodies.push(`${req.method} ${req.url}\n${body}`);
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export type CanaryVendors = Awaited<ReturnType<typeof startCanaryVendors>>;

export async function startCanaryVendors(dir: string) {
  const tenants: Record<string, Auth0Emulator> = {};
  for (const name of ["auth0-us", "auth0-eu"]) tenants[name] = await startTenant({ name });
  const github: GitHubEmulator = await startGitHubEmulator({ org: await seedSampleOrg() });
  const datadog: Record<string, DatadogEmulator> = {};
  for (const name of ["datadog-us", "datadog-eu"]) {
    datadog[name] = await startDatadogEmulator({ org: seedDatadogOrg(name) });
  }
  const outside = await receiver();
  const endpoints = {
    ...Object.fromEntries(Object.entries(tenants).map(([name, t]) => [name, t.url])),
    ...Object.fromEntries(Object.entries(datadog).map(([name, d]) => [name, d.url])),
    github: github.url,
  };
  const file = await canaryFile(dir, endpoints);
  const slackWebhook = `${outside.url}/services/T0CANARY/B0CANARY/canary+slack+webhook+path`;
  const env: NodeJS.ProcessEnv = {
    ...secrets,
    REGIONSYNC_SLACK_WEBHOOK_URL: slackWebhook,
    REGIONSYNC_SLACK_NOTIFY_ON: "drift",
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: "example-corp/platform",
    [OPERATOR_ENV.allowedEndpoints]: Object.values(endpoints).join(","),
  };
  return {
    tenants,
    github,
    datadog,
    outside,
    file,
    env,
    /** The planted values, the Slack webhook URL among them. */
    planted: [...Object.values(secrets).filter(Boolean), slackWebhook],
    /** Observe fails: the US token request, GitHub's environment listing, the US org's monitor listing are refused
     * with an echo, and the EU org's monitor validation too; each becomes a plan problem. */
    failObserve() {
      tenants["auth0-us"]!.injectFaults([{ kind: "echo", status: 401 }], tokenRequest);
      github.server.injectFaults([{ kind: "echo", status: 422 }], environments);
      datadog["datadog-us"]!.server.injectFaults([{ kind: "echo", status: 403 }], monitorListing);
      datadog["datadog-eu"]!.server.injectFaults([{ kind: "echo", status: 400 }], monitorValidation);
    },
    /** Apply fails: the EU application update, one webhook create, the EU PagerDuty service create, each echoed. */
    failApply() {
      tenants["auth0-eu"]!.injectFaults([{ kind: "echo", status: 400 }], patch);
      github.server.injectFaults([{ kind: "echo", status: 422 }], hookCreate);
      datadog["datadog-eu"]!.server.injectFaults([{ kind: "echo", status: 400 }], serviceCreate);
    },
    /** Access tokens the Auth0 tenants granted at run time, as their request logs show them. */
    obtained(): string[] {
      const bearers = Object.values(tenants).flatMap((t) =>
        t.requests.flatMap((r) => {
          const header = String(r.headers?.authorization ?? "");
          return header.startsWith("Bearer ") ? [header.slice(7)] : [];
        }),
      );
      return [...new Set(bearers)];
    },
    async close() {
      await Promise.all([...Object.values(tenants), github, ...Object.values(datadog), outside].map((e) => e.close()));
    },
  };
}
