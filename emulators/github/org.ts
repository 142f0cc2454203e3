/**
 * The state of an emulated GitHub: one organization's repositories, environments, variables, secrets, webhooks,
 * issue comments, teams, users and GitHub Apps. Plain data plus the few rules GitHub enforces on it.
 */
import { createHash } from "node:crypto";
import sodium from "libsodium-wrappers";

export interface Hook {
  id: number;
  active: boolean;
  events: string[];
  config: { url: string; content_type: string; insecure_ssl: string; secret?: string };
  created_at: string;
  updated_at: string;
}

export interface Variable {
  name: string;
  value: string;
  created_at: string;
  updated_at: string;
}

export interface Secret {
  name: string;
  /** The decrypted value, kept so tests can check what the SDK sealed; never returned by the API. */
  value: string;
  created_at: string;
  updated_at: string;
}

export interface Environment {
  id: number;
  name: string;
  wait_timer: number;
  prevent_self_review: boolean;
  reviewers: Array<{ type: "User" | "Team"; id: number }>;
  deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
  variables: Map<string, Variable>;
  secrets: Map<string, Secret>;
  created_at: string;
  updated_at: string;
}

export interface Comment {
  id: number;
  body: string;
  /** The author's login (`<slug>[bot]` for an app). */
  user: string;
  /** The author's user id, when not a seeded person. */
  user_id?: number;
  /** The app whose installation token wrote it (`performed_via_github_app`). */
  app?: { id: number; slug: string; name: string };
  created_at: string;
  updated_at: string;
}

/** A branch's files at one commit; commits are kept so refs can be created from and reset to any of them. */
export interface Commit {
  sha: string;
  parent: string | null;
  files: Map<string, string>;
}

/** An entry of the organization's IP allow list, as GraphQL returns it. */
export interface AllowListEntry {
  id: string;
  allowListValue: string;
  name: string | null;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PullRequest {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: "open" | "closed";
}

export interface Repository {
  id: number;
  owner: string;
  name: string;
  default_branch: string;
  /** Branch name → commit sha. */
  branches: Map<string, string>;
  commits: Map<string, Commit>;
  pulls: PullRequest[];
  environments: Map<string, Environment>;
  variables: Map<string, Variable>;
  hooks: Hook[];
  /** Issue and pull-request comments by number. */
  comments: Map<number, Comment[]>;
}

export interface App {
  id: number;
  slug: string;
  name: string;
  client_id: string;
  owner: string;
  /** Callback URLs exist on GitHub but no API returns them; kept only so a sandbox reads like the real thing. */
  callback_urls: string[];
  hook_config: { url: string; content_type: string; insecure_ssl: string };
}

/** Case-insensitive names as GitHub stores them: upper case. */
export const canonical = (name: string) => name.toUpperCase();

export class GitHubOrg {
  readonly repos = new Map<string, Repository>();
  readonly orgHooks: Hook[] = [];
  readonly orgVariables = new Map<string, Variable & { visibility: string }>();
  readonly teams = new Map<string, { id: number; slug: string; name: string }>();
  readonly users = new Map<string, { id: number; login: string }>();
  readonly apps = new Map<string, App>();
  /** The organization's IP allow list; `available: false` models a plan without the feature. */
  readonly ipAllowList = { available: true, enabled: false, entries: [] as AllowListEntry[] };
  /** Installation tokens minted, and the slug of the app each belongs to. */
  readonly installationTokens = new Map<string, string>();
  private seq = 1000;
  private clockMs: number;
  readonly keyPair: { publicKey: Uint8Array; privateKey: Uint8Array };
  readonly keyId = "568250167242549743";

  private constructor(
    readonly login: string,
    readonly orgId: number,
    start: Date,
  ) {
    this.clockMs = start.getTime();
    this.keyPair = sodium.crypto_box_keypair();
  }

  /** libsodium must be ready before a key pair can be made, hence a factory. */
  static async create(login = "example-corp", orgId = 9_919_919, start = new Date("2026-01-05T09:00:00Z")) {
    await sodium.ready;
    return new GitHubOrg(login, orgId, start);
  }

  nextId(): number {
    return ++this.seq;
  }

  /** The organization's GraphQL node id. */
  get nodeId(): string {
    return `O_${Buffer.from(`org:${this.orgId}`).toString("base64url")}`;
  }

  /** Timestamps advance one second per write, so `updated_at` always changes when something is written. */
  now(): string {
    this.clockMs += 1000;
    return new Date(this.clockMs).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  repo(owner: string, name: string): Repository | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  addRepo(owner: string, name: string): Repository {
    const repo: Repository = {
      id: this.nextId(),
      owner,
      name,
      environments: new Map(),
      variables: new Map(),
      hooks: [],
      comments: new Map(),
      default_branch: "main",
      branches: new Map(),
      commits: new Map(),
      pulls: [],
    };
    this.commit(repo, "main", new Map());
    this.repos.set(`${owner}/${name}`.toLowerCase(), repo);
    return repo;
  }

  /** Commits `files` on `branch` (created if needed) and returns the commit's sha. */
  commit(repo: Repository, branch: string, files: Map<string, string>): string {
    const parent = repo.branches.get(branch) ?? null;
    const sha = createHash("sha1").update(`${repo.id}:${this.nextId()}:${branch}`).digest("hex");
    repo.commits.set(sha, { sha, parent, files });
    repo.branches.set(branch, sha);
    return sha;
  }

  /** The files of `branch`, or undefined when it does not exist. */
  filesOf(repo: Repository, branch: string): Map<string, string> | undefined {
    const sha = repo.branches.get(branch);
    return sha === undefined ? undefined : repo.commits.get(sha)?.files;
  }

  addTeam(slug: string, name = slug) {
    this.teams.set(slug, { id: this.nextId(), slug, name });
  }

  addUser(login: string) {
    this.users.set(login.toLowerCase(), { id: this.nextId(), login });
  }

  addApp(app: Omit<App, "id">): App {
    const full = { id: this.nextId(), ...app };
    this.apps.set(app.slug, full);
    return full;
  }

  putEnvironment(repo: Repository, name: string, settings: Partial<Omit<Environment, "variables" | "secrets">> = {}) {
    const existing = repo.environments.get(name);
    const now = this.now();
    const env: Environment = {
      id: existing?.id ?? this.nextId(),
      name,
      wait_timer: 0,
      prevent_self_review: false,
      reviewers: [],
      deployment_branch_policy: null,
      variables: existing?.variables ?? new Map(),
      secrets: existing?.secrets ?? new Map(),
      created_at: existing?.created_at ?? now,
      ...(existing ? { ...existing } : {}),
      ...settings,
      updated_at: now,
    };
    repo.environments.set(name, env);
    return env;
  }

  setVariable(map: Map<string, Variable>, name: string, value: string): Variable {
    const existing = map.get(canonical(name));
    const now = this.now();
    const v = { name: canonical(name), value, created_at: existing?.created_at ?? now, updated_at: now };
    map.set(v.name, v);
    return v;
  }

  setSecret(env: Environment, name: string, value: string): Secret {
    const existing = env.secrets.get(canonical(name));
    const now = this.now();
    const s = { name: canonical(name), value, created_at: existing?.created_at ?? now, updated_at: now };
    env.secrets.set(s.name, s);
    return s;
  }

  addHook(list: Hook[], hook: Omit<Hook, "id" | "created_at" | "updated_at">): Hook {
    const now = this.now();
    const full = { id: this.nextId(), ...hook, created_at: now, updated_at: now };
    list.push(full);
    return full;
  }

  publicKey(): { key_id: string; key: string } {
    return { key_id: this.keyId, key: sodium.to_base64(this.keyPair.publicKey, sodium.base64_variants.ORIGINAL) };
  }

  /** Opens a sealed box made with `publicKey()`; undefined when it was sealed for another key or is garbage. */
  unseal(encrypted: string): string | undefined {
    try {
      const box = sodium.from_base64(encrypted, sodium.base64_variants.ORIGINAL);
      return sodium.to_string(sodium.crypto_box_seal_open(box, this.keyPair.publicKey, this.keyPair.privateKey));
    } catch {
      return undefined;
    }
  }
}
