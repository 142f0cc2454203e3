import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import { primaryRateLimit, secondaryRateLimit, startGitHubEmulator } from "../../emulators/github/index.js";
import { GitHubOrg } from "../../emulators/github/org.js";
import type { ChangeDraft, TypedChange } from "../../src/core/kind.js";
import { silentLogger } from "../../src/core/log.js";
import { changeId, objectTarget } from "../../src/core/plan.js";
import { RequestTally } from "../../src/core/request-counter.js";
import type { Instance } from "../../src/core/types.js";
import { webhooksKind } from "../../src/providers/github/webhooks.js";
import type { WebhookPayload, WebhookSpec } from "../../src/providers/github/webhooks-schema.js";
import { connectOptions } from "../support/connect.js";
import { captureLogs, provider } from "./helpers.js";

function hookInstance(name: string, url: string): Instance<WebhookSpec> {
  return {
    id: `github/webhook/${name}`,
    provider: "github",
    kind: "webhook",
    declaration: `github/webhook/${name}`,
    region: null,
    account: "github",
    policy: "manage",
    allowDelete: false,
    spec: {
      name,
      repository: "example-corp/platform",
      url,
      events: ["push"],
      content_type: "json",
      insecure_ssl: false,
      active: true,
    },
    fieldPositions: {},
  };
}

/** A planned change as the engine hands it to apply: id, target and status added, payload parsed. */
function pendingChange(draft: ChangeDraft<WebhookPayload>): TypedChange<WebhookPayload> {
  const change = { ...draft, provider: "github", account: "github", kind: "webhook", policy: draft.policy ?? "manage" };
  return {
    ...change,
    id: changeId(change),
    target: draft.target ?? objectTarget(change),
    status: "pending",
    payload: webhooksKind.payload.parse(draft.payload),
  };
}

async function orgWithHooks(count: number) {
  const org = await GitHubOrg.create();
  const repo = org.addRepo("example-corp", "platform");
  for (let i = 0; i < count; i++) {
    org.addHook(repo.hooks, {
      active: true,
      events: ["push"],
      config: { url: `https://ci${i}.example.com/hook`, content_type: "json", insecure_ssl: "0" },
    });
  }
  return org;
}

const account = (endpoint: string, settings: Record<string, unknown> = { token_env: "GITHUB_TOKEN" }) => ({
  name: "github",
  provider: "github",
  endpoint,
  settings: { api_url: "https://api.github.com", ...settings },
});

describe("talking to GitHub", () => {
  it("follows Link headers past the first page", async () => {
    const gh = await startGitHubEmulator({ org: await orgWithHooks(230) });
    const session = await provider.connect({
      account: account(gh.url) as never,
      env: { GITHUB_TOKEN: "t" },
      logger: silentLogger,
      ...connectOptions(),
    });
    const observation = await webhooksKind.observe(session, [hookInstance("new", "https://new.example.com/hook")]);
    assert.equal(observation.state.scopes["repos/example-corp/platform"]?.hooks.length, 230);
    assert.equal(gh.server.requests.filter((r) => r.path.endsWith("/hooks")).length, 3);
    await gh.close();
  });

  it("waits out a secondary and a primary rate limit as GitHub announces them, then goes on", async () => {
    const gh = await startGitHubEmulator({ org: await orgWithHooks(1) });
    const logs = captureLogs();
    const tally = new RequestTally();
    const session = await provider.connect({
      account: account(gh.url) as never,
      env: { GITHUB_TOKEN: "t" },
      logger: logs.logger,
      ...connectOptions(),
      requests: tally.counterFor("github", "github"),
    });
    gh.server.injectFaults([secondaryRateLimit(1), primaryRateLimit(1)], (r) => r.path.endsWith("/hooks"));
    const observation = await webhooksKind.observe(session, [hookInstance("new", "https://new.example.com/hook")]);
    assert.equal(observation.state.scopes["repos/example-corp/platform"]?.hooks.length, 1);
    const limits = logs.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "github rate limit");
    assert.deepEqual(
      limits.map((l) => [l.kind, l.retryAfterSeconds > 0, l.retrying]),
      [
        ["secondary", true, true],
        ["primary", true, true],
      ],
    );
    assert.deepEqual(tally.snapshot(), [
      { provider: "github", account: "github", requests: gh.server.requests.length, retries: 2, rateLimited: 2 },
    ]);
    await gh.close();
  });

  it("retries a failing create only after looking for what it may have made, then reports it", async () => {
    const gh = await startGitHubEmulator({ org: await orgWithHooks(0) });
    const tally = new RequestTally();
    const session = await provider.connect({
      account: account(gh.url) as never,
      env: { GITHUB_TOKEN: "t" },
      logger: silentLogger,
      ...connectOptions(),
      requests: tally.counterFor("github", "github"),
    });
    const instance = hookInstance("new", "https://new.example.com/hook");
    const { changes } = webhooksKind.plan([instance], await webhooksKind.observe(session, [instance]), "github");
    gh.server.resetLog();
    const badGateway = { kind: "status", status: 502, body: { message: "Bad Gateway" } } as const;
    gh.server.injectFaults(
      [badGateway, badGateway, badGateway, badGateway],
      (r) => r.method === "POST" && r.path.endsWith("/hooks"),
    );
    // A thrown error is what the engine records as a failed change.
    await assert.rejects(webhooksKind.apply(session, pendingChange(changes[0]!)), { status: 502 });
    const hookRequests = gh.server.requests.filter((r) => r.path.endsWith("/hooks"));
    assert.deepEqual(
      hookRequests.map((r) => r.method),
      ["POST", "GET", "POST", "GET", "POST", "GET", "POST"],
      "each retry looks first",
    );
    assert.equal(gh.org.repo("example-corp", "platform")!.hooks.length, 0);
    await gh.close();
    assert.equal(tally.snapshot()[0]?.retries, 3, "three creates sent again");
  });

  it("authenticates as a GitHub App installation: an App JWT mints the token the rest of the calls use", async () => {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const gh = await startGitHubEmulator({ org: await orgWithHooks(2), tokens: ["never-this"] });
    const settings = { app_id_env: "APP_ID", private_key_env: "APP_KEY", installation_id_env: "APP_INSTALLATION" };
    // Stored on one line with literal \n escapes, as CI secret stores often hold a PEM.
    const env = { APP_ID: "123", APP_KEY: privateKey.replaceAll("\n", "\\n"), APP_INSTALLATION: "77" };
    const session = await provider.connect({
      account: account(gh.url, settings) as never,
      env,
      logger: silentLogger,
      ...connectOptions(),
    });
    const observation = await webhooksKind.observe(session, [hookInstance("new", "https://new.example.com/hook")]);
    assert.equal(observation.state.scopes["repos/example-corp/platform"]?.hooks.length, 2);
    assert.equal(gh.server.requests[0]?.path, "/app/installations/77/access_tokens");
    await gh.close();
  });

  it("names a missing credential variable without guessing a value", async () => {
    await assert.rejects(
      provider.connect({
        account: account("http://127.0.0.1:9") as never,
        env: {},
        logger: silentLogger,
        ...connectOptions(),
      }),
      /environment variable GITHUB_TOKEN is not set/,
    );
  });
});
