/**
 * Credentials in GitHub sessions: tokens minted at run time are registered for redaction, and an answer that repeats
 * the request (as some proxies do) is cut to one line in which no registered credential survives the redactor.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import { startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg } from "../../emulators/github/sandbox.js";
import { Redactor } from "../../src/core/log.js";
import { engineFor, githubDesiredState, sandboxEnv } from "./helpers.js";

const encodings = (value: string) => [
  value,
  encodeURIComponent(value),
  JSON.stringify(value).slice(1, -1),
  JSON.stringify(JSON.stringify(value).slice(1, -1)).slice(1, -1),
  Buffer.from(value).toString("base64"),
];

/** Every credential the emulator received, without its scheme. */
const credentials = (requests: Array<{ headers?: Record<string, unknown> }>) => [
  ...new Set(requests.map((r) => String(r.headers?.authorization ?? "").replace(/^\S+\s+/, "")).filter(Boolean)),
];

describe("github: credentials", () => {
  it("registers the App JWT and the installation token it obtains at run time", async () => {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const gh = await startGitHubEmulator({ org: await seedSampleOrg() });
    try {
      const text = githubDesiredState(gh.url, (doc) => {
        const { token_env: _token, ...rest } = doc.accounts.github!;
        doc.accounts.github = {
          ...rest,
          app_id_env: "REGIONSYNC_GITHUB_APP_ID",
          private_key_env: "REGIONSYNC_GITHUB_APP_KEY",
          installation_id_env: "REGIONSYNC_GITHUB_APP_INSTALLATION",
        };
      });
      const env = {
        ...sandboxEnv,
        REGIONSYNC_GITHUB_APP_ID: "123",
        REGIONSYNC_GITHUB_APP_KEY: privateKey,
        REGIONSYNC_GITHUB_APP_INSTALLATION: "77",
      };
      const redactor = new Redactor();
      const engine = engineFor(text, env, undefined, { secrets: redactor });
      await engine.plan();
      await engine.close();
      const received = credentials(gh.server.requests);
      assert.ok(received.some((c) => c.startsWith("ghs_")) && received.some((c) => c.split(".").length === 3));
      for (const credential of received) assert.equal(redactor.redact(`x ${credential} y`), "x *** y");
    } finally {
      await gh.close();
    }
  });

  it("a refused create that repeats the request shows neither the token nor the webhook secret", async () => {
    const gh = await startGitHubEmulator({ org: await seedSampleOrg() });
    try {
      const env = {
        ...sandboxEnv,
        REGIONSYNC_GITHUB_TOKEN: "ghp_canary+/=0123456789abcdef",
        WEBHOOK_SECRET: 'wh"canary\\secret+/=é',
      };
      const redactor = new Redactor();
      const engine = engineFor(githubDesiredState(gh.url), env, undefined, { secrets: redactor });
      const plan = await engine.plan();
      gh.server.injectFaults([{ kind: "echo", status: 422 }], (r) => r.method === "POST" && r.path.endsWith("/hooks"));
      const report = await engine.apply(plan);
      await engine.close();
      const failed = report.results.filter((r) => r.status === "failed");
      assert.equal(failed.length, 1);
      const message = failed[0]!.message ?? "";
      assert.match(message, /^GitHub POST .*\/hooks: HTTP 422: refused credential/);
      assert.ok(!message.includes("user-agent"), "the echoed headers are never shown");
      const shown = redactor.redact(message);
      for (const secret of [env.REGIONSYNC_GITHUB_TOKEN, env.WEBHOOK_SECRET])
        for (const form of encodings(secret)) assert.ok(!shown.includes(form), `${form} in ${shown}`);
    } finally {
      await gh.close();
    }
  });
});
