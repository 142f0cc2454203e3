import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Instance } from "../../core/types.js";
import { type GitHubAppSpec, planGitHubApp } from "./github-apps.js";
import { type OAuthAppSpec, planOAuthApp } from "./oauth-apps.js";

const WEB = "https://github.com";

function instance<S>(kind: string, region: string, spec: S): Instance<S> {
  return {
    id: `github/${kind}/x@${region}`,
    provider: "github",
    kind,
    declaration: `github/${kind}/x`,
    region,
    account: "github",
    policy: "manage",
    allowDelete: false,
    spec,
    fieldPositions: {},
  };
}

const oauth = (region: string, redirect: string, registered?: string) =>
  instance<OAuthAppSpec>("oauth_app", region, {
    name: "Login",
    owner: "example-corp",
    owner_type: "organization",
    redirect_url: redirect,
    registered_callback_url: registered,
  });

const app = (region: string, redirect: string, registered: string[]) =>
  instance<GitHubAppSpec>("github_app", region, {
    name: "Deployer",
    owner: "example-corp",
    owner_type: "organization",
    slug: "deployer",
    redirect_url: redirect,
    registered_callback_urls: registered,
    webhook_url: `https://hooks.${region}.example.com/github`,
  });

describe("OAuth App plans", () => {
  it("is clean once the registered callback accepts every region", () => {
    const cb = "https://example.com/auth/cb";
    assert.equal(
      planOAuthApp(
        [oauth("us", "https://app.example.com/auth/cb", cb), oauth("eu", "https://eu.example.com/auth/cb", cb)],
        WEB,
      ),
      undefined,
    );
  });

  it("offers the shared parent-domain callback or a second app, with the settings page", () => {
    const cb = "https://app.example.com/auth/cb";
    const change = planOAuthApp(
      [oauth("us", "https://app.example.com/auth/cb", cb), oauth("eu", "https://eu.example.com/auth/cb", cb)],
      WEB,
    )!;
    assert.equal(change.action, "manual");
    assert.deepEqual(change.regions, ["eu"]);
    assert.equal(change.instructions!.url, "https://github.com/organizations/example-corp/settings/applications");
    assert.equal(
      change.instructions!.summary.split(" (")[0],
      "eu.example.com is not under app.example.com: register a second OAuth App for eu, or move the callback to https://example.com/auth/cb, which lets every sub-domain of example.com receive codes",
    );
    const second = change.instructions!.steps.find((s) => s.startsWith("Or register a second OAuth App for eu"))!;
    const link = new URL(second.split(" (pre-filled): ")[1]!.split(", then")[0]!);
    assert.equal(link.searchParams.get("oauth_application[callback_url]"), "https://eu.example.com/auth/cb");
  });

  it("says one app cannot serve regions on different domains, and links a registration per region", () => {
    const change = planOAuthApp(
      [
        oauth("us", "https://example.com/cb", "https://example.com/cb"),
        oauth("eu", "https://example.eu/cb", "https://example.com/cb"),
      ],
      WEB,
    )!;
    assert.match(change.instructions!.summary, /No single OAuth App callback can serve eu/);
    assert.ok(change.instructions!.steps.some((s) => s.startsWith("Register a second OAuth App for eu")));
    assert.deepEqual(change.diffs, []);
  });

  it("asks for a registration, pre-filled, when none is recorded", () => {
    const change = planOAuthApp(
      [oauth("us", "https://app.example.com/cb"), oauth("eu", "https://eu.example.com/cb")],
      WEB,
    )!;
    assert.match(
      change.instructions!.url!,
      /^https:\/\/github\.com\/organizations\/example-corp\/settings\/applications\/new\?/,
    );
    assert.deepEqual(change.diffs, [{ path: "callback_url", op: "add", after: "https://example.com/cb" }]);
  });
});

describe("GitHub App plans", () => {
  const us = "https://app.example.com/cb";
  const eu = "https://eu.example.com/cb";

  it("asks to add the missing callback on the app's settings page", () => {
    const [change] = planGitHubApp([app("us", us, [us]), app("eu", eu, [us])], undefined, WEB);
    assert.equal(change!.instructions!.url, "https://github.com/organizations/example-corp/settings/apps/deployer");
    assert.deepEqual(change!.diffs, [{ path: "callback_urls", op: "add", after: eu }]);
  });

  it("gives a region its own pre-filled registration when the app already has 10 callbacks", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `https://r${i}.example.com/cb`);
    const [change] = planGitHubApp([app("eu", eu, ten)], undefined, WEB);
    assert.match(
      change!.instructions!.summary,
      /would need 11 callback URLs; GitHub allows 10: eu needs a GitHub App of its own/,
    );
    const link = new URL(change!.instructions!.steps[0]!.split(" (pre-filled): ")[1]!.split(", then")[0]!);
    assert.equal(link.pathname, "/organizations/example-corp/settings/apps/new");
    assert.deepEqual(link.searchParams.getAll("callback_urls[]"), [eu]);
    assert.equal(link.searchParams.get("webhook_url"), "https://hooks.eu.example.com/github");
  });

  it("reports an app GitHub does not know, and a client ID that differs from the file", () => {
    const [missing] = planGitHubApp([app("us", us, [us])], null, WEB);
    assert.match(missing!.instructions!.summary, /GitHub shows no app "deployer": register it/);
    const spec = { ...app("us", us, [us]), spec: { ...app("us", us, [us]).spec, client_id: "Iv1.file" } };
    const [identity] = planGitHubApp(
      [spec],
      { slug: "deployer", name: "Deployer", clientId: "Iv1.real", owner: "example-corp" },
      WEB,
    );
    assert.deepEqual(identity!.diffs, [{ path: "client_id", op: "change", before: "Iv1.real", after: "Iv1.file" }]);
  });

  it("is clean when every redirect is registered", () => {
    assert.deepEqual(planGitHubApp([app("us", us, [us, eu]), app("eu", eu, [us, eu])], undefined, WEB), []);
  });
});
