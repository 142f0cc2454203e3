/**
 * Every vendor call goes through the operator's proxy (HTTPS_PROXY / HTTP_PROXY), NO_PROXY bypasses it, and a request
 * that gets no answer says why (the connection refused), for each vendor: the emulators are reached through a loopback
 * proxy stand-in that counts what it carries.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startProxy } from "../support/proxy.js";
import { freePort, runCli, sandboxFor } from "./helpers.js";

const portOf = (url: string) => new URL(url).port;

describe("vendor requests and the operator's proxy", () => {
  let ctx: Awaited<ReturnType<typeof sandboxFor>>;
  before(async () => {
    ctx = await sandboxFor();
  });
  after(() => ctx.sandbox.close());

  it("plan and the PR comment reach every vendor through HTTPS_PROXY/HTTP_PROXY", async () => {
    const proxy = await startProxy();
    try {
      const env = {
        ...ctx.env,
        HTTPS_PROXY: proxy.url,
        HTTP_PROXY: proxy.url,
        GITHUB_API_URL: ctx.sandbox.urls.github,
        GITHUB_TOKEN: "ghs_workflowtoken0123456789abcdef",
        GITHUB_REPOSITORY: "example-corp/platform",
      };
      const result = await runCli(["plan", "-f", ctx.file, "--markdown", "--comment", "--pr", "9"], { env });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stderr, /Plan comment created/);
      for (const [account, url] of Object.entries(ctx.sandbox.urls)) {
        const through = [...proxy.hits].filter(([target]) => target.endsWith(`:${portOf(url)}`));
        assert.ok(
          through.length > 0,
          `${account} was not reached through the proxy: ${JSON.stringify([...proxy.hits])}`,
        );
      }
    } finally {
      await proxy.close();
    }
  });

  it("NO_PROXY bypasses the proxy for the hosts it names", async () => {
    const proxy = await startProxy();
    try {
      const env = { ...ctx.env, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: "localhost,127.0.0.1" };
      const result = await runCli(["plan", "-f", ctx.file], { env });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.equal(proxy.total(), 0, JSON.stringify([...proxy.hits]));
    } finally {
      await proxy.close();
    }
  });

  it("a proxy that refuses connections is named as the cause, for every vendor", async () => {
    const env = {
      ...ctx.env,
      HTTPS_PROXY: `http://127.0.0.1:${await freePort()}`,
      REGIONSYNC_REQUEST_TIMEOUT_MS: "2000",
    };
    const result = await runCli(["plan", "-f", ctx.file, "--json"], { env: { ...env, HTTP_PROXY: env.HTTPS_PROXY } });
    assert.equal(result.code, 1);
    const plan = JSON.parse(result.stdout) as { diagnostics: { code: string; message: string }[] };
    const failed = plan.diagnostics.filter((d) => d.code === "account-failed");
    assert.equal(failed.length, Object.keys(ctx.sandbox.urls).length, JSON.stringify(plan.diagnostics));
    for (const d of failed) assert.match(d.message, /ECONNREFUSED/, d.message);
  });
});
