/**
 * Canaries: every credential the CLI reads (the `*_env` values of Auth0, GitHub and Datadog accounts, paging keys,
 * deploy tokens, the webhook secret, the comment token, the Slack webhook URL) or obtains at run time (Auth0 access
 * tokens) is planted with characters that change under every encoding; the vendors answer with refusals that repeat
 * the request (the client secret in the token request's form body, the bearer token, Datadog's key headers, a paging
 * key and the webhook secret in JSON bodies). No form of any of them may appear in the output of any command: stdout,
 * stderr, --json, --markdown, a saved plan, apply and run output, the metrics file, the Pushgateway's and Slack's
 * bodies, and the pull-request comment.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type CanaryVendors, forms, startCanaryVendors } from "./canary-vendors.js";
import { type CliResult, runCli, tempDir } from "./helpers.js";

describe("no credential in any output, in any form, when vendors repeat the request", () => {
  let vendors: CanaryVendors;
  let dir: string;
  const outputs: Array<{ what: string; text: string }> = [];
  const keep = (what: string, result: CliResult) => {
    outputs.push({ what: `${what}: stdout`, text: result.stdout }, { what: `${what}: stderr`, text: result.stderr });
    return result;
  };
  const cli = (args: string[]) => runCli(args, { env: vendors.env });

  before(async () => {
    dir = await tempDir();
    vendors = await startCanaryVendors(dir);
  });
  after(() => vendors.close());

  it("validate, validate --json, and a file that holds a secret value", async () => {
    const file = vendors.file;
    keep("validate", await cli(["validate", "-f", file]));
    keep("validate --json", await cli(["validate", "-f", file, "--json"]));
    const inline = join(dir, "inline-secret.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(
      inline,
      text.replace("client_secret_env: AUTH0_US_CLIENT_SECRET", "client_secret: canaryinline0123456789"),
    );
    const refused = keep("validate (secret in the file)", await cli(["validate", "-f", inline]));
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /'client_secret' holds a secret value in the file/);
    assert.ok(!refused.stderr.includes("canaryinline0123456789"), "the value in the file is never shown");
  });

  it("plan, plan --json, plan --markdown --comment --out", async () => {
    const { file } = vendors;
    vendors.failObserve();
    const terminal = keep("plan", await cli(["plan", "-f", file]));
    vendors.failObserve();
    const json = keep("plan --json", await cli(["plan", "-f", file, "--json"]));
    vendors.failObserve();
    const saved = join(dir, "plan.json");
    const args = ["plan", "-f", file, "--markdown", "--comment", "--pr", "7", "--out", saved];
    const markdown = keep("plan --markdown --comment --out", await cli(args));
    outputs.push({ what: "saved plan", text: await readFile(saved, "utf8") });
    const comments = vendors.github.org.repo("example-corp", "platform")!.comments.get(7) ?? [];
    outputs.push(...comments.map((c) => ({ what: "pull-request comment", text: c.body })));

    // The refusals reached every output, summarised.
    assert.match(terminal.stdout, /HTTP 401 request_echoed: refused credential/);
    assert.match(terminal.stdout, /HTTP 422: refused credential \*\*\*/);
    assert.match(terminal.stdout, /Datadog HTTP 403 request_echoed: refused credential \*\*\*, \*\*\*/);
    assert.match(terminal.stdout, /Datadog rejects monitor .*: refused credential \*\*\*, \*\*\*/);
    assert.match(json.stdout, /"code": "account-failed"/);
    assert.match(markdown.stdout, /refused credential/);
    assert.match(markdown.stderr, /Plan comment created/);
    assert.equal(comments.length, 1);
    assert.match(comments[0]!.body, /Datadog HTTP 403 request_echoed: refused credential \*\*\*/);
  });

  it("apply --yes, apply PLAN --markdown", async () => {
    vendors.failApply();
    const applied = keep("apply", await cli(["apply", "-f", vendors.file, "--yes"]));
    assert.equal(applied.code, 1);
    assert.match(applied.stdout, /HTTP 400 request_echoed: refused credential \*\*\*/);
    assert.match(applied.stdout, /Datadog HTTP 400 request_echoed: refused credential \*\*\*, \*\*\*/);
    vendors.failApply();
    const saved = join(dir, "apply-plan.json");
    keep("plan --out", await cli(["plan", "-f", vendors.file, "--out", saved]));
    outputs.push({ what: "saved plan (apply)", text: await readFile(saved, "utf8") });
    const fromPlan = keep("apply PLAN --markdown", await cli(["apply", saved, "--markdown"]));
    assert.match(fromPlan.stdout, /refused credential \*\*\*/);
  });

  it("run --mode apply and --mode plan, with metrics, the Pushgateway and Slack", async () => {
    vendors.failApply();
    const metrics = join(dir, "regionsync.prom");
    const reports = ["--metrics-file", metrics, "--pushgateway", vendors.outside.url];
    const run = keep("run", await cli(["run", "-f", vendors.file, "--mode", "apply", "--region", "eu", ...reports]));
    outputs.push({ what: "metrics", text: await readFile(metrics, "utf8") });
    assert.match(run.stdout, /refused credential \*\*\*/);
    vendors.failObserve();
    keep(
      "run --mode plan",
      await cli(["run", "-f", vendors.file, "--mode", "plan", "--slack-webhook-env", "REGIONSYNC_SLACK_WEBHOOK_URL"]),
    );
    const received = vendors.outside.bodies;
    assert.ok(
      received.some((b) => b.startsWith("POST /services/")),
      "Slack was notified",
    );
    assert.ok(
      received.some((b) => /^(PUT|POST) \/metrics\/job\//.test(b)),
      "the Pushgateway received metrics",
    );
    assert.ok(
      received.some((b) => b.includes("refused credential ***")),
      "with the refusals, masked",
    );
    outputs.push(...received.map((text) => ({ what: "Slack or Pushgateway body", text })));
  });

  it("sandbox demo and schema", async () => {
    keep("sandbox demo", await cli(["sandbox", "demo", "-f", vendors.file]));
    keep("schema", await cli(["schema"]));
  });

  it("holds for every credential read or obtained, in every form", () => {
    const obtained = vendors.obtained();
    assert.ok(obtained.length > 0, "access tokens were obtained at run time");
    const commands = new Set(outputs.map((o) => o.what.replace(/: std(out|err)$/, "")));
    assert.ok(commands.size >= 17, `every output of every command was collected: ${[...commands].join(", ")}`);
    for (const secret of [...vendors.planted, ...obtained]) {
      for (const form of forms(secret)) {
        for (const { what, text } of outputs) assert.ok(!text.includes(form), `${what} shows ${form}`);
      }
    }
  });
});
