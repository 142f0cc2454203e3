/**
 * The attacks of issue 10 on the trust boundary, each with a loopback listener standing in for the attacker's host:
 * a pull request's desired-state.yaml cannot send credentials anywhere but the vendors' own APIs, nor read variables
 * outside the naming rule. Each refusal names the field and the operator's way to allow it; with that allowance, the
 * same file does reach the listener (so the listener would have seen a leak).
 */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, before, beforeEach, describe, it } from "node:test";
import { runCli, tempDir } from "../cli/helpers.js";

const secrets = {
  AUTH0_US_CLIENT_ID: "client-id-canary",
  AUTH0_US_CLIENT_SECRET: "client-secret-canary",
  DD_US_API_KEY: "dd-api-key-canary",
  DD_US_APP_KEY: "dd-app-key-canary",
  REGIONSYNC_GITHUB_TOKEN: "ghp_githubtokencanary0000000000000000000",
  GITHUB_TOKEN: "ghs_workflowtokencanary00000000000000000",
  DEPLOY_TOKEN_us: "deploy-token-canary",
};

const regions = `regions:\n  us: { hosts: [app.example.com], cloud_region: us-east-1 }\n`;

const accounts: Record<string, (extra: string) => string> = {
  auth0: (extra) =>
    `  a0: { provider: auth0, domain: example.us.auth0.com, client_id_env: AUTH0_US_CLIENT_ID, client_secret_env: AUTH0_US_CLIENT_SECRET${extra} }\n`,
  datadog: (extra) =>
    `  dd: { provider: datadog, site: datadoghq.com, api_key_env: DD_US_API_KEY, app_key_env: DD_US_APP_KEY${extra} }\n`,
  github: (extra) => `  gh: { provider: github, token_env: REGIONSYNC_GITHUB_TOKEN${extra} }\n`,
};

const resources: Record<string, string> = {
  auth0: `  auth0:\n    applications:\n      - { name: Storefront, regions: [us], callbacks: ["https://app.example.com/cb"] }\n`,
  datadog: `  datadog:\n    monitors:\n      - { name: m, regions: [us], type: query alert, query: "avg(last_5m):avg:x{region:us-east-1} > 1", message: m, tags: ["region:us-east-1"] }\n`,
  github: `  github:\n    webhooks:\n      - { name: h, regions: [us], organization: acme, url: "https://app.example.com/hook", events: [push] }\n`,
};

const fileFor = (provider: string, account: string) =>
  `version: 1\n${regions}accounts:\n${account}resources:\n${resources[provider]}`;

describe("the trust boundary", () => {
  let listener: Server;
  let url: string;
  const seen: string[] = [];
  let dir: string;
  before(async () => {
    dir = await tempDir();
  });
  // A listener per test: a plan runs in this process, and a read it started can still arrive after it returned (its
  // sibling read failed first); it must not land in the next test's "no request reached the listener".
  beforeEach(async () => {
    listener = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`);
        res.writeHead(401, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    listener.closeAllConnections();
    return new Promise<void>((resolve) => listener.close(() => resolve()));
  });

  async function plan(name: string, text: string, env: Record<string, string> = {}) {
    const file = join(dir, `${name}.yaml`);
    await writeFile(file, text);
    seen.length = 0;
    const result = await runCli(["plan", "-f", file], {
      env: { ...secrets, REGIONSYNC_REQUEST_TIMEOUT_MS: "2000", ...env },
    });
    return { ...result, requests: [...seen] };
  }

  for (const provider of ["auth0", "datadog", "github"]) {
    it(`${provider}: an endpoint in the file is refused; the operator's allowance lets it through`, async () => {
      const text = fileFor(provider, accounts[provider]!(`, endpoint: "${url}"`));
      const refused = await plan(`${provider}-endpoint`, text);
      assert.equal(refused.code, 1);
      assert.deepEqual(refused.requests, [], "no request reached the listener");
      assert.match(
        refused.stderr,
        /error: account '\w+': endpoint would send its credentials to http:\/\/127\.0\.0\.1:\d+/,
      );
      assert.match(refused.stderr, new RegExp(`REGIONSYNC_ALLOWED_ENDPOINTS=${url.replace(/[.:/]/g, "\\$&")}`));
      assert.match(refused.stderr, /nothing was sent to any vendor/);

      const allowed = await plan(`${provider}-allowed`, text, { REGIONSYNC_ALLOWED_ENDPOINTS: url });
      assert.ok(allowed.requests.length > 0, "with the operator's allowance the listener is reached");
    });
  }

  it("github: api_url over plain http, to any host, is refused", async () => {
    for (const apiUrl of [url, "http://attacker.example.com/api"]) {
      const refused = await plan("github-api-url", fileFor("github", accounts.github!(`, api_url: "${apiUrl}"`)));
      assert.equal(refused.code, 1);
      assert.deepEqual(refused.requests, []);
      assert.match(refused.stderr, /account 'gh': api_url would send its credentials to http:/);
      if (apiUrl.includes("attacker")) assert.match(refused.stderr, /accounts\.gh\.api_url: .* uses plain http/);
    }
  });

  it("auth0: a domain that is not Auth0's is refused", async () => {
    const text = fileFor("auth0", accounts.auth0!("").replace("domain: example.us.auth0.com", "domain: 127.0.0.1"));
    const refused = await plan("auth0-domain", text);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /account 'a0': domain would send its credentials to https:\/\/127\.0\.0\.1, which is not auth0's own API .*REGIONSYNC_ALLOWED_ENDPOINTS=https:\/\/127\.0\.0\.1\)/,
    );
  });

  it("credential variables outside the naming rule are refused, with the operator's way to allow them", async () => {
    const github = fileFor("github", accounts.github!("").replace("REGIONSYNC_GITHUB_TOKEN", "GITHUB_TOKEN"));
    const refusedToken = await plan("github-token-env", github);
    assert.equal(refusedToken.code, 1);
    assert.match(
      refusedToken.stderr,
      /account 'gh': token_env names GITHUB_TOKEN, outside github's credential variables \(name a variable starting with REGIONSYNC_GITHUB_; only the operator can allow another, outside the file: REGIONSYNC_CREDENTIAL_VARIABLES=GITHUB_TOKEN\)/,
    );
    // Even the operator cannot hand the CI's own token to the file by a prefix rule: it must name it.
    const auth0 = fileFor("auth0", accounts.auth0!("").replace("AUTH0_US_CLIENT_SECRET", "DEPLOY_TOKEN_us"));
    const refusedSecret = await plan("auth0-secret-env", auth0);
    assert.equal(refusedSecret.code, 1);
    assert.match(refusedSecret.stderr, /client_secret_env names DEPLOY_TOKEN_us, outside auth0's credential variables/);
    for (const result of [refusedToken, refusedSecret]) {
      for (const value of Object.values(secrets)) assert.ok(!(result.stdout + result.stderr).includes(value));
    }
  });

  it("a value variable may not name a credential or the CI's own variables", async () => {
    const text = fileFor("github", accounts.github!("")).replace(
      `url: "https://app.example.com/hook", events: [push]`,
      `url: "https://app.example.com/hook", events: [push], secret_env: GITHUB_TOKEN`,
    );
    const refused = await plan("value-env", text);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /secret_env names GITHUB_TOKEN, the CI's own variables \(GITHUB_…\): the file may not write it into a vendor/,
    );
  });
});
