import assert from "node:assert/strict";
import { it } from "node:test";
import type { Account, Instance } from "../../core/types.js";
import type { GitHubAccount } from "./account.js";
import { type GitHubAppSpec, githubAppsKind } from "./github-apps.js";
import { githubProvider } from "./index.js";
import { type OAuthAppSpec, oauthAppsKind } from "./oauth-apps.js";
import { webhooksKind } from "./webhooks.js";
import type { WebhookSpec } from "./webhooks-schema.js";

function instance<S>(kind: string, spec: S): Instance<S> {
  return {
    id: `github/${kind}/x`,
    provider: "github",
    kind,
    declaration: `github/${kind}/x`,
    region: null,
    account: "github",
    policy: "manage",
    allowDelete: false,
    spec,
    fieldPositions: {},
  };
}

const codes = (diagnostics: { code: string; severity: string }[]) => diagnostics.map((d) => `${d.severity} ${d.code}`);

it("refuses mixed or partial credentials, with the provider's own code", () => {
  const account = (settings: Partial<GitHubAccount>): Account<GitHubAccount> => ({
    name: "github",
    provider: "github",
    settings: { api_url: "https://api.github.com", ...settings },
  });
  const validate = githubProvider.validate!;
  assert.deepEqual(validate([], [account({ token_env: "T" })]), []);
  assert.deepEqual(codes(validate([], [account({ token_env: "T", app_id_env: "A" })])), [
    "error github.account-credentials",
  ]);
  assert.deepEqual(codes(validate([], [account({ app_id_env: "A", private_key_env: "K" })])), [
    "error github.account-credentials",
  ]);
  for (const key of Object.keys(githubProvider.codes)) assert.match(key, /^[a-z0-9-]+$/);
});

it("refuses a redirect over http off loopback, for both app kinds", () => {
  const oauth = (redirect_url: string) =>
    instance<OAuthAppSpec>("oauth_app", { name: "Login", owner: "o", owner_type: "organization", redirect_url });
  assert.deepEqual(codes(oauthAppsKind.validate!([oauth("http://app.example.com/cb")], [])), [
    "error github.insecure-redirect",
  ]);
  assert.deepEqual(
    oauthAppsKind.validate!([oauth("http://127.0.0.1:8080/cb"), oauth("https://x.example.com")], []),
    [],
  );
  const app = instance<GitHubAppSpec>("github_app", {
    name: "Deployer",
    owner: "o",
    owner_type: "organization",
    slug: "deployer",
    redirect_url: "http://app.example.com/cb",
    registered_callback_urls: Array.from({ length: 11 }, (_, i) => `https://r${i}.example.com/cb`),
  });
  assert.deepEqual(codes(githubAppsKind.validate!([app], [])), [
    "error github.too-many-callbacks",
    "error github.insecure-redirect",
  ]);
});

it("needs exactly one of repository and organization for a webhook", () => {
  const hook = (scope: Partial<WebhookSpec>) =>
    instance<WebhookSpec>("webhook", {
      name: "h",
      url: "https://hooks.example.com",
      events: ["push"],
      content_type: "json",
      insecure_ssl: false,
      active: true,
      ...scope,
    });
  const validate = webhooksKind.validate!;
  assert.deepEqual(validate([hook({ repository: "o/r" }), hook({ organization: "o" })], []), []);
  assert.deepEqual(codes(validate([hook({}), hook({ repository: "o/r", organization: "o" })], [])), [
    "error github.webhook-scope",
    "error github.webhook-scope",
  ]);
});
