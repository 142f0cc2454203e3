/**
 * The sample company's GitHub organization for the sandbox, seeded from the root desired-state.yaml so the two never
 * drift: the US deployment environment and webhooks exist and are owned by regionsync (ledgers written as its provider
 * documents them, repeated here rather than imported; the US Storefront's client id and secret in the environment);
 * the EU ones are missing. Hooks and an environment made by hand
 * sit beside them and must never be touched.
 */
import { randomBytes, scryptSync } from "node:crypto";
import { parse } from "yaml";
import { expandForRegion, readSampleDesiredState, sampleValue, serves } from "../common/sample-company.js";
import { startGitHubEmulator } from "./index.js";
import { GitHubOrg } from "./org.js";
import { seedEgress } from "./sandbox-egress.js";

interface RegionDecl {
  hosts: string[];
  cloud_region: string;
  values?: Record<string, string>;
}

interface EnvironmentDecl {
  repository: string;
  name: string;
  regions?: string[] | "all";
  except?: string[];
  wait_timer?: number;
  reviewers?: Array<{ type: "Team" | "User"; slug?: string; login?: string }>;
  variables?: Record<string, unknown>;
  secrets?: Record<string, { value_env?: string; from?: string; output?: string }>;
}

interface WebhookDecl {
  repository?: string;
  organization?: string;
  name: string;
  regions?: string[] | "all";
  except?: string[];
  url: string;
  events?: string[];
  secret_env?: string;
}

interface Doc {
  regions: Record<string, RegionDecl & { accounts?: Record<string, string> }>;
  accounts: Record<string, { domain?: string }>;
  resources?: {
    github?: {
      github_apps?: Array<{ name: string; owner: string; slug: string; registered_callback_urls?: string[] }>;
      environments?: EnvironmentDecl[];
      webhooks?: WebhookDecl[];
      ip_allow_list?: Array<{ name: string }>;
      ip_ranges?: Array<{ name: string; repository: string; path?: string; service: string }>;
    };
  };
}

/** The dummy value the sandbox gives every `*_env` variable. */
const sandboxValue = (envName: string) => `sandbox-${envName.toLowerCase().replace(/_/g, "-")}`;

/** regionsync's secret digest format (`scrypt1$SALT$HASH`), so seeded secrets read as in sync. */
function digest(value: string): string {
  const salt = randomBytes(16);
  return `scrypt1$${salt.toString("base64url")}$${scryptSync(value, salt, 32).toString("base64url")}`;
}

/** Seeds the organization of the root desired-state.yaml: `us` live, `eu` missing. */
export async function seedSampleOrg(): Promise<GitHubOrg> {
  const doc = parse(readSampleDesiredState()) as Doc;
  const gh = doc.resources?.github ?? {};
  const org = await GitHubOrg.create("example-corp");
  org.addTeam("platform-leads", "Platform leads");
  org.addUser("octocat");
  org.addUser("jane-doe");
  for (const app of gh.github_apps ?? []) {
    org.addApp({
      slug: app.slug,
      name: app.name,
      owner: app.owner,
      client_id: "Iv23liSandboxDeploy01",
      callback_urls: app.registered_callback_urls ?? [],
      hook_config: { url: "https://hooks.example.com/github-app", content_type: "json", insecure_ssl: "0" },
    });
  }
  const us = doc.regions.us;
  const repoOf = (full: string) => {
    const [owner, name] = full.split("/") as [string, string];
    return org.repo(owner, name) ?? org.addRepo(owner, name);
  };

  for (const decl of gh.environments ?? []) {
    const repo = repoOf(decl.repository);
    if (!us || !serves(decl, "us")) continue;
    const e = expandForRegion(decl, "us", us);
    const reviewers = (e.reviewers ?? []).flatMap((r) => {
      const id = r.type === "Team" ? org.teams.get(r.slug ?? "")?.id : org.users.get((r.login ?? "").toLowerCase())?.id;
      return id ? [{ type: r.type, id }] : [];
    });
    const env = org.putEnvironment(repo, e.name, { wait_timer: e.wait_timer ?? 0, reviewers });
    const ledger = { variables: [] as string[], secrets: {} as Record<string, { digest: string; updated_at: string }> };
    for (const [name, written] of Object.entries(e.variables ?? {})) {
      const value = sampleValue(written, "us", doc);
      if (value === undefined) continue;
      org.setVariable(env.variables, name, value);
      ledger.variables.push(name.toUpperCase());
    }
    for (const [name, source] of Object.entries(e.secrets ?? {})) {
      const value = source.value_env ? sandboxValue(source.value_env) : sampleValue(source, "us", doc);
      if (value === undefined) continue;
      const s = org.setSecret(env, name, value);
      ledger.secrets[s.name] = { digest: digest(value), updated_at: s.updated_at };
    }
    org.setVariable(env.variables, "REGIONSYNC_STATE", JSON.stringify(ledger));
    // Made by hand beside it: never declared, so never read further or touched.
    org.setVariable(env.variables, "SLACK_CHANNEL", "#deploys-us");
  }

  const ledgers = new Map<string, { hooks: Record<string, { id: number; url: string; secret?: string }> }>();
  for (const decl of gh.webhooks ?? []) {
    if (!us || !serves(decl, "us")) continue;
    const h = expandForRegion(decl, "us", us);
    const list = h.repository ? repoOf(h.repository).hooks : org.orgHooks;
    const secret = h.secret_env ? sandboxValue(h.secret_env) : undefined;
    const hook = org.addHook(list, {
      active: true,
      events: h.events ?? ["push"],
      config: { url: h.url, content_type: "json", insecure_ssl: "0", ...(secret ? { secret } : {}) },
    });
    const scope = h.repository ? `repos/${h.repository}` : `orgs/${h.organization}`;
    const ledger = ledgers.get(scope) ?? { hooks: {} };
    ledger.hooks[h.name] = { id: hook.id, url: h.url, ...(secret ? { secret: digest(secret) } : {}) };
    ledgers.set(scope, ledger);
  }
  for (const [scope, ledger] of ledgers) {
    const [kind, a, b] = scope.split("/");
    if (kind === "orgs") {
      const v = org.setVariable(org.orgVariables, "REGIONSYNC_WEBHOOKS", JSON.stringify(ledger));
      org.orgVariables.set(v.name, { ...v, visibility: "private" });
    } else {
      org.setVariable(repoOf(`${a}/${b}`).variables, "REGIONSYNC_WEBHOOKS", JSON.stringify(ledger));
    }
  }
  seedEgress(org, gh.ip_allow_list?.[0], gh.ip_ranges?.[0]);
  // Made by hand: regionsync must leave these alone.
  const platform = org.repos.values().next().value ?? org.addRepo("example-corp", "platform");
  const staging = org.putEnvironment(platform, "staging", { wait_timer: 0 });
  org.setVariable(staging.variables, "AWS_REGION", "us-east-1");
  org.addHook(platform.hooks, {
    active: true,
    events: ["push", "pull_request"],
    config: {
      url: "https://ci.example.com/github/webhook",
      content_type: "json",
      insecure_ssl: "0",
      secret: "hand-made",
    },
  });
  org.addHook(org.orgHooks, {
    active: true,
    events: ["*"],
    config: { url: "https://siem.example.com/ingest/github", content_type: "form", insecure_ssl: "0" },
  });
  return org;
}

export async function startSandbox(
  _account: { name: string },
  opts: { port?: number } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const emulator = await startGitHubEmulator({ org: await seedSampleOrg(), port: opts.port });
  return { url: emulator.url, close: () => emulator.close() };
}
