/**
 * Adoption from the CLI: a hand-made monitor with a declared monitor's name is "adopt or rename" until someone asks;
 * `--adopt` (kept by a saved plan) first adds the ownership tags alone, then updates it like any monitor regionsync
 * owns.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type DatadogEmulator, DatadogOrg, startDatadogEmulator } from "../../emulators/datadog/index.js";
import { runCli, tempDir } from "../cli/helpers.js";
import { type Cli, cliFor, fileWith } from "./support.js";

const declared = (url: string) => `version: 1
regions:
  eu: { hosts: [eu.example.com], cloud_region: eu-west-1, paging: ["@slack-oncall-eu"] }
accounts:
  datadog-eu: { provider: datadog, site: datadoghq.eu, api_key_env: DD_EU_API_KEY, app_key_env: DD_EU_APP_KEY, endpoint: "${url}" }
resources:
  datadog:
    monitors:
      - name: "[\${region.name}] API p99 latency"
        regions: [eu]
        type: query alert
        query: avg(last_10m):p99:trace.http.request{region:\${region.cloud_region}} > 2
        message: "p99 in \${region.name}. \${region.paging}"
        tags: ["region:\${region.cloud_region}"]
        options: { thresholds: { critical: 2 } }
`;

describe("adopting a hand-made namesake monitor from the CLI", () => {
  let eu: DatadogEmulator;
  let cli: Cli;
  let env: NodeJS.ProcessEnv;
  let file: string;
  let id: number;
  before(async () => {
    const org = new DatadogOrg();
    id = org.seedMonitor({
      name: "[eu] API p99 latency",
      type: "query alert",
      query: "avg(last_10m):p99:trace.http.request{region:eu-west-1} > 3",
      message: "Made by hand. @slack-oncall-eu",
      tags: ["team:platform"],
      options: { thresholds: { critical: 3 } },
    }).id as number;
    eu = await startDatadogEmulator({ org });
    ({ file, env } = await fileWith(declared(eu.url), [eu.url], {
      DD_EU_API_KEY: "eu-api-key-0001",
      DD_EU_APP_KEY: "eu-app-key-0001",
    }));
    cli = cliFor(file, env);
  });
  after(() => eu.close());

  it("says 'adopt or rename' until asked, and writes nothing", async () => {
    eu.server.resetLog();
    const planned = JSON.parse((await cli.plan("--json")).stdout);
    assert.deepEqual(
      planned.changes.map((c: { action: string }) => c.action),
      ["manual"],
    );
    const [adopt, rename] = planned.changes[0].instructions.steps;
    assert.match(adopt, /adopt it: add 'adopt: true' to its declaration .* \(or plan and apply with --adopt\)/);
    assert.match(rename, /another name/);
    assert.deepEqual(eu.server.writes(), []);
  });

  it("--adopt plans the adoption, then an ordinary update; a saved plan keeps it; the tags go first, alone", async () => {
    const saved = join(await tempDir(), "adopt.plan.json");
    const planned = await cli.plan("--adopt", "--out", saved, "--json");
    const plan = JSON.parse(planned.stdout);
    assert.equal(plan.scope.adopt, true);
    assert.deepEqual(
      plan.changes.map((c: { id: string }) => c.id),
      [
        "datadog/datadog-eu/monitor/[eu] API p99 latency#adopt",
        "datadog/datadog-eu/monitor/[eu] API p99 latency#update",
      ],
    );
    eu.server.resetLog();
    const applied = await runCli(["apply", saved, "--log-level", "error"], { env });
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const writes = eu.server.writes().map((w) => [w.method, w.path, Object.keys(w.body as object).sort()]);
    assert.deepEqual(writes[0], ["PUT", `/api/v1/monitor/${id}`, ["tags"]], "the adoption sends the tags alone");
    assert.deepEqual(writes[1]?.slice(0, 2), ["PUT", `/api/v1/monitor/${id}`], "then the update");
    const tags = eu.org.monitors.get(id)!.tags as string[];
    assert.ok(tags.includes("managed-by:regionsync") && tags.includes("regionsync-account:datadog-eu"));
    assert.match((await cli.plan()).stdout, /No changes\./, "adopted once, it needs --adopt no more");
  });
});
