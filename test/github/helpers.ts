/** Shared setup for the GitHub integration tests: the real provider (with short waits), the loader and the engine. */

import { readFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { sampleStorefronts, sampleValue } from "../../emulators/common/sample-company.js";
import { loadDesiredStateText } from "../../src/config/index.js";
import type { Provider } from "../../src/core/kind.js";
import { createJsonLogger } from "../../src/core/log.js";
import type { Plan } from "../../src/core/plan.js";
import type { Env } from "../../src/core/types.js";
import { createGitHubProvider } from "../../src/providers/github/index.js";
import type { Pacing } from "../../src/providers/github/session.js";
import { applyRun, planRun, SessionPool } from "../../src/reconciler/index.js";
import { type ConnectOptions, connectOptions } from "../support/connect.js";
import { allowingEndpointsOf } from "../support/operator.js";

/** GitHub's pacing with every wait cut to milliseconds, so rate-limit tests stay fast. */
export const fastPacing: Pacing = { retryAfterBaseMs: 1, spaceWrites: false, rateLimitRetries: 2 };

export const provider = createGitHubProvider({ pacing: fastPacing });

/** The dummy values the sandbox gives `*_env` variables, and a token. */
export const sandboxEnv: Env = {
  REGIONSYNC_GITHUB_TOKEN: "ghp_sandboxtoken0000000000000000000000",
  DEPLOY_TOKEN_us: "sandbox-deploy-token-us",
  DEPLOY_TOKEN_eu: "sandbox-deploy-token-eu",
  WEBHOOK_SECRET: "sandbox-webhook-secret",
  AUTH0_CLIENT_SECRET_us: sampleStorefronts["auth0-us"]!.client_secret,
  AUTH0_CLIENT_SECRET_eu: sampleStorefronts["auth0-eu"]!.client_secret,
};

function rootFile(): string {
  return readFileSync(new URL("../../../desired-state.yaml", import.meta.url), "utf8");
}

/** The root desired-state.yaml reduced to its GitHub parts, with the account pointed at `url`. */
export function githubDesiredState(url: string, edit?: (doc: GitHubDoc) => void): string {
  const doc = parse(rootFile()) as GitHubDoc;
  for (const region of Object.values(doc.regions)) delete region.accounts;
  doc.accounts = { github: { ...doc.accounts.github, endpoint: url } };
  doc.resources = { github: doc.resources.github };
  // GitHub alone cannot read another vendor's outputs (the Auth0 client id): each becomes the value the sandbox's
  // tenant holds, as a region value (a variable) or an environment variable (a secret), so US stays in sync.
  const sample = parse(rootFile()) as Parameters<typeof sampleValue>[2];
  for (const env of doc.resources.github.environments ?? []) {
    for (const [name, value] of Object.entries((env.variables ?? {}) as Record<string, unknown>)) {
      if (!isReference(value)) continue;
      for (const [region, decl] of Object.entries(doc.regions)) {
        decl.values = { ...decl.values, [name]: sampleValue(value, region, sample) ?? "" };
      }
      (env.variables as Record<string, unknown>)[name] = `\${region.values.${name}}`;
    }
    for (const [name, value] of Object.entries((env.secrets ?? {}) as Record<string, unknown>)) {
      if (isReference(value)) (env.secrets as Record<string, unknown>)[name] = { value_env: `${name}_\${region.name}` };
    }
  }
  edit?.(doc);
  return stringify(doc);
}

const isReference = (value: unknown) =>
  (typeof value === "string" && /^\$\{[a-z0-9]+\./.test(value) && !value.startsWith("${region.")) ||
  (typeof value === "object" && value !== null && "from" in value);

export interface GitHubDoc {
  regions: Record<string, { accounts?: unknown; values?: Record<string, string> }>;
  accounts: Record<string, Record<string, unknown>>;
  resources: { github: Record<string, Array<Record<string, unknown>>> };
}

/** Every log line, to check that no secret is ever written. */
export function captureLogs() {
  const lines: string[] = [];
  return { lines, logger: createJsonLogger({ level: "debug", write: (l) => lines.push(l) }) };
}

export function engineFor(
  text: string,
  env: Env,
  logger = captureLogs().logger,
  connect: Partial<ConnectOptions> = {},
) {
  const providers = new Map<string, Provider>([["github", provider as Provider]]);
  const loaded = loadDesiredStateText(text, "desired-state.yaml", providers, allowingEndpointsOf(text));
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || !loaded.state) throw new Error(`invalid desired state: ${JSON.stringify(errors)}`);
  const state = loaded.state;
  const pool = new SessionPool(providers, env, logger, connectOptions(connect));
  return {
    state,
    plan: (allowDelete = false) => planRun(state, { providers, env, logger, allowDelete }, pool),
    apply: (plan: Plan, concurrency = 4) => applyRun(plan, state.accounts, pool, { concurrency, logger }),
    close: () => pool.close(),
  };
}

export const pending = (plan: Plan) => plan.changes.filter((c) => c.status === "pending");
