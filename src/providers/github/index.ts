/**
 * The GitHub provider: app redirect checks (manual changes: no API can write them), deployment environments with
 * variables and secrets, and org and repo webhooks. The SDK loads with the session, when `connect` runs.
 */
import type { Provider } from "../../core/kind.js";
import type { Account, Diagnostic } from "../../core/types.js";
import { accountProblem, accountSchema, type GitHubAccount } from "./account.js";
import { code, githubCodes } from "./codes.js";
import { environmentsKind } from "./environments.js";
import { githubAppsKind } from "./github-apps.js";
import { ipAllowListKind } from "./ip-allow-list.js";
import { ipRangesKind } from "./ip-ranges.js";
import { oauthAppsKind } from "./oauth-apps.js";
import type { GitHubSession, Pacing } from "./session.js";
import { webhooksKind } from "./webhooks.js";

function validate(_instances: unknown, accounts: Account<GitHubAccount>[]): Diagnostic[] {
  return accounts.flatMap((a): Diagnostic[] => {
    const problem = accountProblem(a.settings);
    return problem
      ? [{ severity: "error", code: code("account-credentials"), message: `account ${a.name}: ${problem}`, at: a.at }]
      : [];
  });
}

/** Builds the provider; tests pass a shorter `pacing` so rate-limit waits take milliseconds. */
export function createGitHubProvider(opts: { pacing?: Pacing } = {}): Provider<GitHubAccount, GitHubSession> {
  return {
    name: "github",
    description:
      "GitHub: app callback checks, deployment environments (variables, secrets), webhooks, the organization IP allow list and a published ip-ranges.json.",
    accountSchema,
    trust: {
      // Never GITHUB_: GitHub Actions' own variables (its GITHUB_TOKEN above all) live there.
      credentialPrefixes: ["REGIONSYNC_GITHUB_"],
      destinations: (a) => [{ setting: a.endpoint ? "endpoint" : "api_url", url: a.endpoint ?? a.settings.api_url }],
      // github.com, and GitHub Enterprise Cloud with data residency (api.SUBDOMAIN.ghe.com); a server needs an allowance.
      vendorOwned: (url) =>
        url.protocol === "https:" &&
        url.port === "" &&
        (url.hostname === "api.github.com" || /^api\.[a-z0-9-]+\.ghe\.com$/.test(url.hostname)),
    },
    // The allow list first: a region's runners and deploys must reach GitHub before they use what follows.
    kinds: [ipAllowListKind, oauthAppsKind, githubAppsKind, environmentsKind, webhooksKind, ipRangesKind],
    codes: githubCodes,
    validate,
    async connect(ctx) {
      const { openSession } = await import("./session.js");
      return openSession(ctx, opts.pacing);
    },
  };
}

export const githubProvider = createGitHubProvider();
