/**
 * Faults on GitHub writes and reads: creates retried only after looking, so a lost answer never makes a second
 * object; a request that hangs is cut by the timeout, retried, then reported; a failed object stops only itself.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EmulatorRequest } from "../../emulators/common/server.js";
import { type GitHubEmulator, startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg } from "../../emulators/github/sandbox.js";
import { silentLogger } from "../../src/core/log.js";
import type { Instance } from "../../src/core/types.js";
import type { GitHubAccount } from "../../src/providers/github/account.js";
import { webhooksKind } from "../../src/providers/github/webhooks.js";
import type { WebhookSpec } from "../../src/providers/github/webhooks-schema.js";
import { connectOptions } from "../support/connect.js";
import { engineFor, githubDesiredState, provider, sandboxEnv } from "./helpers.js";

const RELEASES = (region: string) => `https://releases.${region}.example.com/hook`;

/** The GitHub desired state plus one repository hook per region, both new: two creates behind one ledger. */
const withReleaseHooks = (url: string) =>
  githubDesiredState(url, (doc) => {
    doc.resources.github.webhooks!.push({
      repository: "example-corp/platform",
      name: "releases-${region.name}",
      regions: ["us", "eu"],
      url: "https://releases.${region.name}.example.com/hook",
    });
  });

const hookCreate = (url: string) => (r: EmulatorRequest) =>
  r.method === "POST" && r.path.endsWith("/hooks") && (r.body as { config?: { url?: string } })?.config?.url === url;

const posts = (gh: GitHubEmulator, test: (r: { path: string; body?: unknown }) => boolean) =>
  gh.server.requests.filter((r) => r.method === "POST" && test(r));

const hooksAt = (gh: GitHubEmulator, url: string) =>
  gh.org.repo("example-corp", "platform")!.hooks.filter((h) => h.config.url === url);

const badGateway = { kind: "status", status: 502, body: { message: "Bad Gateway" } } as const;

async function withEmulator(body: (gh: GitHubEmulator) => Promise<void>): Promise<void> {
  const gh = await startGitHubEmulator({ org: await seedSampleOrg() });
  try {
    await body(gh);
  } finally {
    await gh.close();
  }
}

describe("GitHub under faults", () => {
  it("a webhook create answered 502 is sent again only after looking, and makes one hook", () =>
    withEmulator(async (gh) => {
      const engine = engineFor(withReleaseHooks(gh.url), sandboxEnv);
      const plan = await engine.plan();
      gh.server.injectFaults([badGateway], hookCreate(RELEASES("eu")));
      const report = await engine.apply(plan);
      assert.deepEqual(
        report.results.filter((r) => r.status !== "applied"),
        [],
      );
      assert.equal(posts(gh, hookCreate(RELEASES("eu")) as never).length, 2);
      assert.equal(hooksAt(gh, RELEASES("eu")).length, 1);
      await engine.close();
    }));

  it("a webhook create whose connection was cut after GitHub made the hook is not sent again", () =>
    withEmulator(async (gh) => {
      const engine = engineFor(withReleaseHooks(gh.url), sandboxEnv);
      const plan = await engine.plan();
      gh.server.injectFaults([{ kind: "cut" }], hookCreate(RELEASES("us")));
      const report = await engine.apply(plan);
      assert.ok(report.ok, JSON.stringify(report.results));
      assert.equal(posts(gh, hookCreate(RELEASES("us")) as never).length, 1);
      assert.equal(hooksAt(gh, RELEASES("us")).length, 1);
      const again = await engine.plan();
      assert.deepEqual(
        again.changes.filter((c) => c.name.includes("/releases-")),
        [],
        "the hook is recorded as regionsync's own",
      );
      await engine.close();
    }));

  it("a variable create cut after it took is completed with an update, never posted twice", () =>
    withEmulator(async (gh) => {
      const engine = engineFor(githubDesiredState(gh.url), sandboxEnv);
      const plan = await engine.plan();
      const variables = (r: { path: string }) => r.path.endsWith("/environments/production-eu/variables");
      gh.server.injectFaults([{ kind: "cut" }], (r) => r.method === "POST" && variables(r));
      const report = await engine.apply(plan);
      assert.ok(report.ok, JSON.stringify(report.results));
      const names = posts(gh, variables).map((r) => (r.body as { name: string }).name);
      assert.equal(new Set(names).size, names.length, `each variable posted once: ${names}`);
      const again = await engine.plan();
      assert.deepEqual(
        again.changes.filter((c) => c.status === "pending" && c.kind === "environment"),
        [],
      );
      await engine.close();
    }));

  it("a failure on one region's webhook create does not skip the other region's, behind the same ledger", () =>
    withEmulator(async (gh) => {
      const engine = engineFor(withReleaseHooks(gh.url), sandboxEnv);
      const plan = await engine.plan();
      // Every attempt fails: the first and its three retries.
      gh.server.injectFaults([badGateway, badGateway, badGateway, badGateway], hookCreate(RELEASES("us")));
      const report = await engine.apply(plan);
      const status = (name: string) => {
        const change = plan.changes.find((c) => c.name === `repos/example-corp/platform/${name}`)!;
        return report.results.find((r) => r.changeId === change.id);
      };
      assert.equal(status("releases-us")?.status, "failed");
      assert.match(status("releases-us")?.message ?? "", /HTTP 502: Bad Gateway/);
      assert.equal(status("releases-eu")?.status, "applied");
      assert.deepEqual(
        report.results.filter((r) => r.status === "skipped"),
        [],
      );
      assert.equal(hooksAt(gh, RELEASES("us")).length, 0);
      assert.equal(hooksAt(gh, RELEASES("eu")).length, 1);
      await engine.close();
    }));

  it("a request that hangs past the timeout is cut, retried within bounds, then reported", () =>
    withEmulator(async (gh) => {
      const account = {
        name: "github",
        provider: "github",
        endpoint: gh.url,
        settings: { api_url: "https://api.github.com", token_env: "REGIONSYNC_GITHUB_TOKEN" } as GitHubAccount,
      };
      const session = await provider.connect({
        account,
        env: sandboxEnv,
        logger: silentLogger,
        ...connectOptions({ requestTimeoutMs: 200 }),
      });
      const instance: Instance<WebhookSpec> = {
        id: "github/webhook/x",
        provider: "github",
        kind: "webhook",
        declaration: "github/webhook/x",
        region: null,
        account: "github",
        policy: "manage",
        allowDelete: false,
        spec: {
          name: "x",
          repository: "example-corp/platform",
          url: "https://x.example.com/hook",
          events: ["push"],
          content_type: "json",
          insecure_ssl: false,
          active: true,
        },
        fieldPositions: {},
      };
      const listing = (r: { method: string; path: string }) =>
        r.method === "GET" && r.path === "/repos/example-corp/platform/hooks";
      // A hang far longer than any run: only the timeout can end it in time.
      const hang = { kind: "delay", ms: 120_000 } as const;

      gh.server.injectFaults([hang, hang, hang, hang], listing);
      const started = Date.now();
      await assert.rejects(webhooksKind.observe(session, [instance]), (error: Error) => {
        assert.match(error.message, /^GitHub GET \/repos\/example-corp\/platform\/hooks: no answer \(.*timeout\)$/);
        return true;
      });
      assert.ok(Date.now() - started < 60_000, "the attempts were cut at the timeout, not waited out");
      // The emulator logs a held request once the client hangs up on it.
      for (let i = 0; i < 100 && gh.server.requests.filter(listing).length < 4; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(gh.server.requests.filter(listing).length, 4, "the first attempt and three retries");

      gh.server.injectFaults([hang], listing);
      const recovered = await webhooksKind.observe(session, [instance]);
      assert.ok(recovered.state.scopes["repos/example-corp/platform"], "one hang is retried and then answered");
    }));
});
