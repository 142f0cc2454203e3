/** What observe reads from GitHub for one account, and what plan works from. Plain data, so it can be digested. */

export interface ObservedGitHubApp {
  slug: string;
  name: string;
  clientId: string | null;
  owner: string | null;
}

export interface ObservedReviewer {
  type: "User" | "Team";
  /** A user's login or a team's slug. */
  slug: string;
}

export interface BranchPolicy {
  protected_branches: boolean;
  custom_branch_policies: boolean;
}

export interface ObservedSecret {
  exists: boolean;
  /**
   * The desired value is what regionsync last wrote (its digest in the ledger matches) and nobody has written the
   * secret since (its `updated_at` is the one recorded). Null when the desired value is not available to compare.
   */
  upToDate: boolean | null;
}

export interface ObservedEnvironment {
  repository: string;
  name: string;
  exists: boolean;
  /** regionsync's ledger variable is present: regionsync created or adopted it and may delete it. */
  owned: boolean;
  waitTimer: number;
  preventSelfReview: boolean;
  reviewers: ObservedReviewer[];
  branchPolicy: BranchPolicy | null;
  /** Variables other than the ledger, by upper-case name. */
  variables: Record<string, string>;
  secrets: Record<string, ObservedSecret>;
  /** Names regionsync wrote and therefore owns. */
  ownedVariables: string[];
  ownedSecrets: string[];
}

export interface ObservedHook {
  id: number;
  url: string;
  events: string[];
  contentType: string;
  insecureSsl: boolean;
  active: boolean;
  hasSecret: boolean;
  /** Changes on every write to the hook, including one that replaces its secret. */
  updatedAt: string | null;
}

export interface OwnedHook {
  /** Null while a create is pending: the ledger entry is written before the hook, so a crash cannot orphan it. */
  id: number | null;
  url: string;
  /** The hook's secret is the desired one; null when there is nothing to compare. */
  secretUpToDate: boolean | null;
  /** False when a pending entry was matched to the hook it created, and the id is not yet written down. */
  recorded: boolean;
}

export interface ObservedHookScope {
  /** `repos/OWNER/REPO` or `orgs/ORG`. */
  scope: string;
  hooks: ObservedHook[];
  /** Hooks regionsync owns, by declaration name. */
  owned: Record<string, OwnedHook>;
}

export interface GitHubState {
  webUrl: string;
  /** GitHub Apps by slug: null when GitHub says there is none, absent when it could not be read. */
  githubApps: Record<string, ObservedGitHubApp | null>;
  /** By `OWNER/REPO/ENVIRONMENT`, including owned environments no longer declared. */
  environments: Record<string, ObservedEnvironment>;
  hookScopes: Record<string, ObservedHookScope>;
  /** Repositories (`OWNER/REPO`) and hook scopes that could not be read: nothing is planned for them. */
  unreadable: string[];
}

export const emptyState = (webUrl: string): GitHubState => ({
  webUrl,
  githubApps: {},
  environments: {},
  hookScopes: {},
  unreadable: [],
});
