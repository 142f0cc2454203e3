/**
 * Canaries: every credential the CLI reads (the `*_env` values, the comment token) or obtains at run time (Auth0
 * access tokens) is planted with characters that change under every encoding, the vendors answer with refusals that
 * repeat the request (the client secret in the token request's form body, the bearer token, the webhook secret in a
 * JSON body), and no form of any of them may appear in stdout, stderr, --json, --markdown, a saved plan, apply or run
 * output, the metrics file or the pull-request comment.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Auth0Emulator } from "../../emulators/auth0/index.js";
import { startSandbox as startTenant } from "../../emulators/auth0/sandbox.js";
import type { EmulatorRequest } from "../../emulators/common/server.js";
import { type GitHubEmulator, startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg } from "../../emulators/github/sandbox.js";
import { OPERATOR_ENV } from "../../src/core/operator-env.js";
import { canaryFile } from "./canary-file.js";
import { type CliResult, runCli, tempDir } from "./helpers.js";

const secrets = {
  AUTH0_US_CLIENT_ID: "canary-client-us",
  AUTH0_US_CLIENT_SECRET: 'cs "us" canary+/=&%41 \\ secret',
  AUTH0_EU_CLIENT_ID: "canary-client-eu",
  AUTH0_EU_CLIENT_SECRET: 'cs "eu" canary+/=&%41 \\ secret',
  REGIONSYNC_GITHUB_TOKEN: "ghp_canary+/=token0123456789",
  DEPLOY_TOKEN_us: 'deploy "us" canary+/=&',
  DEPLOY_TOKEN_eu: 'deploy "eu" canary+/=&',
  WEBHOOK_SECRET: 'wh "canary" \\ secret+/=&',
  GITHUB_TOKEN: "ghs_canary+/=workflow0123456789",
};

function forms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    json,
    JSON.stringify(json).slice(1, -1),
    Buffer.from(secret).toString("base64"),
    Buffer.from(secret).toString("base64url"),
  ];
}

const tokenRequest = (r: EmulatorRequest) => r.path === "/oauth/token";
const patch = (r: EmulatorRequest) => r.method === "PATCH";
const environments = (r: EmulatorRequest) => r.method === "GET" && r.path.endsWith("/environments");
const hookCreate = (r: EmulatorRequest) => r.method === "POST" && r.path.endsWith("/hooks");

describe("no credential in any output, in any form, when vendors repeat the request", () => {
  const tenants: Record<string, Auth0Emulator> = {};
  let github: GitHubEmulator;
  let file: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const outputs: Array<{ what: string; text: string }> = [];
  const keep = (what: string, result: CliResult) => {
    outputs.push({ what: `${what}: stdout`, text: result.stdout }, { what: `${what}: stderr`, text: result.stderr });
    return result;
  };

  before(async () => {
    for (const name of ["auth0-us", "auth0-eu"]) tenants[name] = await startTenant({ name });
    github = await startGitHubEmulator({ org: await seedSampleOrg() });
    dir = await tempDir();
    file = await canaryFile(dir, {
      "auth0-us": tenants["auth0-us"]!.url,
      "auth0-eu": tenants["auth0-eu"]!.url,
      github: github.url,
    });
    env = {
      ...secrets,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: "example-corp/platform",
      [OPERATOR_ENV.allowedEndpoints]: [tenants["auth0-us"]!.url, tenants["auth0-eu"]!.url, github.url].join(","),
    };
  });
  after(async () => {
    await Promise.all([...Object.values(tenants), github].map((e) => e.close()));
  });

  /** The US token request and GitHub's environment listing are refused with an echo: both become plan problems. */
  const failObserve = () => {
    tenants["auth0-us"]!.injectFaults([{ kind: "echo", status: 401 }], tokenRequest);
    github.server.injectFaults([{ kind: "echo", status: 422 }], environments);
  };
  /** The EU application update and one webhook create are refused with an echo: both become failed changes. */
  const failApply = () => {
    tenants["auth0-eu"]!.injectFaults([{ kind: "echo", status: 400 }], patch);
    github.server.injectFaults([{ kind: "echo", status: 422 }], hookCreate);
  };

  it("plan, plan --json, plan --markdown --comment --out", async () => {
    failObserve();
    const terminal = keep("plan", await runCli(["plan", "-f", file], { env }));
    failObserve();
    const json = keep("plan --json", await runCli(["plan", "-f", file, "--json"], { env }));
    failObserve();
    const saved = join(dir, "plan.json");
    const args = ["plan", "-f", file, "--markdown", "--comment", "--pr", "7", "--out", saved];
    const markdown = keep("plan --markdown --comment --out", await runCli(args, { env }));
    outputs.push({ what: "saved plan", text: await readFile(saved, "utf8") });
    const comments = github.org.repo("example-corp", "platform")!.comments.get(7) ?? [];
    outputs.push(...comments.map((c) => ({ what: "pull-request comment", text: c.body })));

    // The refusals reached every output, summarised.
    assert.match(terminal.stdout, /HTTP 401 request_echoed: refused credential/);
    assert.match(terminal.stdout, /HTTP 422: refused credential \*\*\*/);
    assert.match(json.stdout, /"code": "account-failed"/);
    assert.match(markdown.stdout, /refused credential/);
    assert.match(markdown.stderr, /Plan comment created/);
    assert.equal(comments.length, 1);
    assert.match(comments[0]!.body, /refused credential/);
  });

  it("apply --yes, and run --mode apply with metrics", async () => {
    failApply();
    const applied = keep("apply", await runCli(["apply", "-f", file, "--yes", "--only", "auth0"], { env }));
    failApply();
    const metrics = join(dir, "regionsync.prom");
    const argv = ["run", "-f", file, "--mode", "apply", "--region", "eu", "--metrics-file", metrics];
    const run = keep("run", await runCli(argv, { env }));
    outputs.push({ what: "metrics", text: await readFile(metrics, "utf8") });

    assert.equal(applied.code, 1);
    assert.match(applied.stdout, /HTTP 400 request_echoed: refused credential \*\*\*/);
    assert.match(run.stdout, /refused credential \*\*\*/);
  });

  it("holds for every credential read or obtained, in every form", () => {
    const obtained = Object.values(tenants).flatMap((t) =>
      t.requests.flatMap((r) => {
        const header = String(r.headers?.authorization ?? "");
        return header.startsWith("Bearer ") ? [header.slice(7)] : [];
      }),
    );
    assert.ok(obtained.length > 0, "access tokens were obtained at run time");
    for (const secret of [...Object.values(secrets), ...new Set(obtained)]) {
      for (const form of forms(secret)) {
        for (const { what, text } of outputs) assert.ok(!text.includes(form), `${what} shows ${form}`);
      }
    }
    assert.equal(outputs.length, 13, "every output of every command was checked");
  });
});
