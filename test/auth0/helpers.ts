/** Shared set-up for the Auth0 integration tests: the real SDK, driven by the provider, against the emulator. */

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { type Auth0Emulator, type Auth0EmulatorOptions, startAuth0Emulator } from "../../emulators/auth0/index.js";
import { loadDesiredStateText } from "../../src/config/index.js";
import type { DesiredState } from "../../src/core/desired-state.js";
import type { KindObservation } from "../../src/core/kind.js";
import type { Change, ChangeResult } from "../../src/core/plan.js";
import type { RequestCounter } from "../../src/core/request-counter.js";
import type { Account, Diagnostic, Instance, Logger, SecretSink } from "../../src/core/types.js";
import type { Auth0Settings } from "../../src/providers/auth0/account.js";
import { applicationsKind } from "../../src/providers/auth0/applications.js";
import type { ApplicationSpec, Auth0State } from "../../src/providers/auth0/applications-schema.js";
import { auth0Provider } from "../../src/providers/auth0/index.js";
import { type Auth0Session, createAuth0Session, type SessionOptions } from "../../src/providers/auth0/session.js";
import { completeChange } from "../../src/reconciler/observe.js";
import { connectOptions } from "../support/connect.js";

export const SECRET = "s3cr3t-client-secret-value";
export const env = { AUTH0_CLIENT_ID: "regionsync-m2m", AUTH0_CLIENT_SECRET: SECRET, AUTH0_TOKEN: "static-token-1" };

/** Retries and pacing without real waiting, so fault tests take milliseconds. */
export const fast: SessionOptions = {
  baseDelayMs: 1,
  maxDelayMs: 5,
  timeoutSeconds: 2,
  sleep: () => new Promise((r) => setImmediate(r)),
};

export function accountFor(
  emu: Auth0Emulator,
  name = "auth0-us",
  settings: Partial<Auth0Settings> = {},
): Account<Auth0Settings> {
  return {
    name,
    provider: "auth0",
    endpoint: emu.url,
    settings: {
      domain: emu.domain,
      client_id_env: "AUTH0_CLIENT_ID",
      client_secret_env: "AUTH0_CLIENT_SECRET",
      ...settings,
    },
  };
}

/** A logger that keeps every line, to check that no secret reaches it. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (msg: string, meta?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, msg, ...meta }));
  };
  return { lines, debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

export function connect(
  emu: Auth0Emulator,
  opts: {
    account?: Account<Auth0Settings>;
    logger?: Logger;
    session?: SessionOptions;
    env?: Record<string, string>;
    secrets?: SecretSink;
    requests?: RequestCounter;
  } = {},
): Auth0Session {
  return createAuth0Session(
    {
      account: opts.account ?? accountFor(emu),
      env: opts.env ?? env,
      logger: opts.logger ?? recordingLogger(),
      ...connectOptions(opts.secrets ? { secrets: opts.secrets } : {}),
      requests: opts.requests,
    },
    { ...fast, ...opts.session },
  );
}

export function app(
  name: string,
  region: string | null,
  spec: Omit<ApplicationSpec, "name">,
  extra: Partial<Omit<Instance, "spec">> = {},
): Instance<ApplicationSpec> {
  return {
    id: `auth0/application/${name}${region ? `@${region}` : ""}`,
    provider: "auth0",
    kind: "application",
    declaration: `auth0/application/${name}`,
    region,
    account: "auth0-us",
    policy: "manage",
    allowDelete: true,
    spec: { name, ...spec },
    fieldPositions: {},
    ...extra,
  };
}

/** The Storefront declaration of the root desired-state.yaml, for the given regions, in one tenant. */
export function storefront(regions: string[], account = "auth0-us"): Instance<ApplicationSpec>[] {
  const hosts: Record<string, string> = { us: "app.example.com", eu: "eu.example.com", ap: "ap.example.com" };
  return regions.map((region) =>
    app(
      "Storefront",
      region,
      {
        callbacks: [`https://${hosts[region]}/callback`],
        allowed_logout_urls: [`https://${hosts[region]}/logout`],
        web_origins: [`https://${hosts[region]}`],
        allowed_origins: [`https://${hosts[region]}`],
      },
      { account },
    ),
  );
}

/**
 * The applications kind driven step by step, as the engine drives it (ids built by the engine's own function,
 * payloads parsed by the kind's schema), so a test can act between observe, plan and apply.
 */
export const applications = {
  observe: (session: Auth0Session, instances: Instance<ApplicationSpec>[]) =>
    applicationsKind.observe(session, instances),
  plan(instances: Instance<ApplicationSpec>[], observed: KindObservation<Auth0State>, account = "auth0-us") {
    const { changes, diagnostics } = applicationsKind.plan(instances, observed, account);
    return {
      diagnostics,
      changes: changes.map(
        (d): Change => ({ ...completeChange("auth0", account, "application", d), status: "pending" }),
      ),
    };
  },
  async apply(session: Auth0Session, change: Change): Promise<ChangeResult> {
    try {
      const outcome = await applicationsKind.apply(session, {
        ...change,
        payload: applicationsKind.payload.parse(change.payload),
      });
      return { changeId: change.id, status: "applied", ...outcome };
    } catch (error) {
      return { changeId: change.id, status: "failed", message: (error as Error).message };
    }
  },
};

export interface RunResult {
  changes: Change[];
  diagnostics: Diagnostic[];
  results: ChangeResult[];
}

/** observe → plan → apply every planned change, in plan order, as the engine would with deletes allowed. */
export async function run(
  session: Auth0Session,
  instances: Instance<ApplicationSpec>[],
  opts: { apply?: boolean } = {},
): Promise<RunResult> {
  const observation = await applications.observe(session, instances);
  const { changes, diagnostics } = applications.plan(instances, observation, session.account);
  const results: ChangeResult[] = [];
  if (opts.apply !== false) {
    for (const change of changes)
      if (change.policy === "manage") results.push(await applications.apply(session, change));
  }
  return { changes, diagnostics, results };
}

export async function tenantWith(clients: Auth0EmulatorOptions["clients"], opts: Auth0EmulatorOptions = {}) {
  return startAuth0Emulator({ domain: "example-us.us.auth0.com", clients, ...opts });
}

/** The repository's desired-state.yaml reduced to its Auth0 part (regions optionally narrowed), as the core loads it. */
export function rootDesiredState(regions?: string[]): DesiredState {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!safeRead(join(dir, "desired-state.yaml"))) dir = dirname(dir);
  const doc = parseDocument(readFileSync(join(dir, "desired-state.yaml"), "utf8"));
  const data = doc.toJS() as {
    accounts: Record<string, { provider: string }>;
    regions: Record<string, unknown>;
    resources: Record<string, { applications?: Array<{ regions?: string[] | "all" }> }>;
  };
  data.accounts = Object.fromEntries(Object.entries(data.accounts).filter(([, a]) => a.provider === "auth0"));
  data.resources = { auth0: data.resources.auth0! };
  for (const region of Object.values(data.regions as Record<string, { accounts: Record<string, string> }>)) {
    region.accounts = { auth0: region.accounts.auth0! };
  }
  if (regions) {
    const auth0 = data.resources.auth0!;
    for (const declaration of auth0.applications ?? []) {
      const served = declaration.regions === "all" ? Object.keys(data.regions) : declaration.regions;
      declaration.regions = served?.filter((r) => regions.includes(r));
    }
    auth0.applications = auth0.applications?.filter((d) => d.regions?.length !== 0);
  }
  const result = loadDesiredStateText(JSON.stringify(data), "desired-state.yaml", new Map([["auth0", auth0Provider]]));
  if (!result.state) throw new Error(JSON.stringify(result.diagnostics));
  return result.state;
}

function safeRead(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

export const writes = (emu: Auth0Emulator) => emu.writes().filter((r) => !r.path.startsWith("/oauth"));
export const ofField = (emu: Auth0Emulator, name: string) => emu.tenant.byName(name)[0]!;
