import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { startGitHubEmulator } from "../../emulators/github/index.js";
import { seedSampleOrg } from "../../emulators/github/sandbox.js";
import { engineFor, githubDesiredState, pending, sandboxEnv } from "./helpers.js";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../test/github/fixtures/${name}`, import.meta.url), "utf8")) as unknown;
const validate = new Ajv2020({ strict: true }).compile(fixture("aws-ip-ranges.schema.json") as object);

const onlyRanges = (url: string, edit?: (decl: Record<string, unknown>) => void) =>
  githubDesiredState(url, (doc) => {
    doc.resources.github = { ip_ranges: doc.resources.github.ip_ranges! };
    edit?.(doc.resources.github.ip_ranges![0]!);
  });

async function sandbox() {
  const gh = await startGitHubEmulator({ org: await seedSampleOrg() });
  const repo = gh.org.repo("example-corp", "ip-ranges")!;
  const file = (branch = "main") => gh.org.filesOf(repo, branch)?.get("ip-ranges.json");
  return { gh, repo, file };
}

describe("ip-ranges.json in a repository", () => {
  it("checks its shape fixture: AWS's trimmed sample passes, a changed one does not", () => {
    assert.ok(validate(fixture("aws-ip-ranges.sample.json")), JSON.stringify(validate.errors));
    const sample = fixture("aws-ip-ranges.sample.json") as {
      syncToken: unknown;
      prefixes: Array<Record<string, unknown>>;
    };
    assert.ok(!validate({ ...sample, syncToken: 1764280986 }));
    assert.ok(!validate({ ...sample, prefixes: [{ ...sample.prefixes[0], ip_prefix: "3.2.34.0" }] }));
  });

  it("publishes a file with the structure of AWS's ip-ranges.json, sorted by network, dated by its syncToken", async () => {
    const { gh, file } = await sandbox();
    const engine = engineFor(onlyRanges(gh.url), sandboxEnv);
    try {
      const report = await engine.apply(await engine.plan());
      assert.ok(report.ok, JSON.stringify(report.results));
      const published = JSON.parse(file()!) as {
        prefixes: Array<{ ip_prefix: string }>;
        syncToken: string;
        createDate: string;
      };
      assert.ok(validate(published), JSON.stringify(validate.errors));
      assert.deepEqual(
        published.prefixes.map((p) => p.ip_prefix),
        ["192.0.2.0/28", "198.51.100.32/29", "203.0.113.0/28", "203.0.113.64/28"],
      );
      const seconds = Number(published.syncToken);
      assert.equal(published.createDate, new Date(seconds * 1000).toISOString().slice(0, 19).replace(/[T:]/g, "-"));
      assert.deepEqual(pending(await engine.plan()), []);
    } finally {
      await engine.close();
      await gh.close();
    }
  });

  it("proposes changes in one pull request from regionsync's branch, leaving the base until it is merged", async () => {
    const { gh, repo, file } = await sandbox();
    const base = file();
    // The US egress changes too, and a delete: every change of one run lands on the one branch.
    const text = githubDesiredState(gh.url, (doc) => {
      doc.resources.github = { ip_ranges: doc.resources.github.ip_ranges! };
      doc.resources.github.ip_ranges![0]!.publish = "pull_request";
      const us = doc.regions.us as { egress: { ipv4: string[] } };
      us.egress.ipv4 = ["203.0.113.0/28", "198.51.100.48/29"];
    });
    const engine = engineFor(text, sandboxEnv);
    try {
      const plan = await engine.plan(true);
      assert.deepEqual(
        pending(plan).map((c) => `${c.action} ${c.name}`),
        [
          "create example-corp/ip-ranges/ip-ranges.json@eu-west-1",
          "update example-corp/ip-ranges/ip-ranges.json@us-east-1",
          "delete example-corp/ip-ranges/ip-ranges.json@us-east-1",
        ],
      );
      const report = await engine.apply(plan);
      assert.ok(report.ok, JSON.stringify(report.results));
      assert.equal(file(), base, "the base branch is not written");
      const proposed = JSON.parse(file("regionsync/ip-ranges.json")!) as { prefixes: Array<{ ip_prefix: string }> };
      assert.deepEqual(
        proposed.prefixes.map((p) => p.ip_prefix),
        ["192.0.2.0/28", "198.51.100.48/29", "203.0.113.0/28", "203.0.113.64/28"],
      );
      assert.deepEqual(
        repo.pulls.map((p) => [p.number, p.head, p.base, p.state]),
        [[1, "regionsync/ip-ranges.json", "main", "open"]],
      );

      const again = await engineFor(text, sandboxEnv);
      const report2 = await again.apply(await again.plan(true));
      await again.close();
      assert.ok(report2.ok, JSON.stringify(report2.results));
      assert.equal(repo.pulls.length, 1, "the open pull request is updated, not doubled");
      assert.deepEqual(JSON.parse(file("regionsync/ip-ranges.json")!).prefixes, proposed.prefixes);

      gh.org.commit(repo, "main", new Map(gh.org.filesOf(repo, "regionsync/ip-ranges.json")));
      assert.deepEqual(pending(await engine.plan(true)), [], "once merged, the file is in step");
    } finally {
      await engine.close();
      await gh.close();
    }
  });

  it("compares the copy served at published_url, read-only and without credentials", async () => {
    const { gh, file } = await sandbox();
    const served = file()!;
    const seen: Array<string | undefined> = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { "content-type": "application/json" }).end(served);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ip-ranges.json`;
    const engine = engineFor(
      onlyRanges(gh.url, (decl) => Object.assign(decl, { published_url: url })),
      sandboxEnv,
    );
    try {
      const plan = await engine.plan();
      const drift = plan.changes.filter((c) => c.status === "observe-only");
      assert.deepEqual(
        drift.map((c) => [c.name, c.regions, c.diffs]),
        [
          [
            `${url}@eu-west-1`,
            ["eu"],
            [
              { path: "prefixes", op: "add", after: "203.0.113.64/28" },
              { path: "ipv6_prefixes", op: "add", after: "2001:db8:2000::/56" },
            ],
          ],
        ],
      );
      assert.equal(plan.summary.drift, 1);
      assert.deepEqual(seen, [undefined], "no credential is sent to the published URL");
    } finally {
      await engine.close();
      await gh.close();
      server.close();
    }
  });

  it("refuses a published_url over plain http off loopback before contacting anything", async () => {
    assert.throws(
      () =>
        engineFor(
          onlyRanges("http://127.0.0.1:9", (d) =>
            Object.assign(d, { published_url: "http://ip-ranges.example.com/x.json" }),
          ),
          sandboxEnv,
        ),
      /github\.insecure-url/,
    );
  });

  it("refuses regions of one file that disagree on what describes the file", () => {
    const perRegion = onlyRanges("http://127.0.0.1:9", (d) =>
      Object.assign(d, { published_url: "https://${region.host}/ip-ranges.json" }),
    );
    assert.throws(() => engineFor(perRegion, sandboxEnv), /github\.ip-ranges-conflict.*published_url/);
  });

  it("leaves a file that is not in AWS's syntax alone, and says so", async () => {
    const { gh, repo, file } = await sandbox();
    gh.org.commit(repo, "main", new Map([["ip-ranges.json", '{"ranges": ["203.0.113.0/28"]}\n']]));
    const engine = engineFor(onlyRanges(gh.url), sandboxEnv);
    try {
      const plan = await engine.plan();
      assert.deepEqual(plan.changes, []);
      assert.deepEqual(
        plan.diagnostics.map((d) => [d.severity, d.code]),
        [
          ["error", "github.ip-ranges-invalid"],
          ["error", "github.ip-ranges-invalid"],
        ],
      );
      assert.equal(plan.coverage[0]?.cells.eu, "error");
      assert.equal(file(), '{"ranges": ["203.0.113.0/28"]}\n');
    } finally {
      await engine.close();
      await gh.close();
    }
  });
});
