/**
 * What `regionsync import` reads and where it writes: --out leaves the file as it is and writes the same bytes each
 * time; --only, --kind, --name, --tag and --account narrow what is imported; an unknown kind or account stops the
 * command before any vendor is contacted.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { type DatadogEmulator, startDatadogEmulator } from "../../emulators/datadog/index.js";
import { tempDir } from "../cli/helpers.js";
import { env, orgsFile, seed } from "./datadog-orgs.js";
import { type Cli, cliFor, fileWith } from "./support.js";

/** Each declaration imported, as `key name (regions)`. */
const declared = (text: string) =>
  Object.entries(parse(text).resources?.datadog ?? {}).flatMap(([key, list]) =>
    (list as Array<{ name: string; regions: string[] }>).map((d) => `${key} ${d.name} (${d.regions.join(", ")})`),
  );

describe("import's output file and filters", () => {
  let us: DatadogEmulator;
  let eu: DatadogEmulator;
  let cli: Cli;
  let source: string;
  const requests = () => us.server.requests.length + eu.server.requests.length;
  /** Imports into a file of its own, leaving the desired-state file as it is. */
  const importTo = async (...args: string[]) => {
    const out = join(await tempDir(), "imported.yaml");
    const run = await cli.import("--out", out, ...args);
    assert.equal(run.code, 0, run.stderr);
    return { run, text: await readFile(out, "utf8") };
  };

  before(async () => {
    us = await startDatadogEmulator({ org: seed("us", "us-east-1", 100) });
    eu = await startDatadogEmulator({ org: seed("eu", "eu-west-1", 500) });
    const text = `# Our regions and accounts; resources come from 'regionsync import'.\n${orgsFile(us.url, eu.url)}`;
    const { file, env: withEndpoints } = await fileWith(text, [us.url, eu.url], env);
    cli = cliFor(file, withEndpoints);
    source = await cli.text();
  });
  after(() => Promise.all([us.close(), eu.close()]));

  it("--out writes the file's text and the declarations there, the same bytes twice; the file stays as it is", async () => {
    const first = await importTo();
    const second = await importTo();
    assert.equal(second.text, first.text, "same vendor state, same bytes");
    assert.equal(await cli.text(), source, "the desired-state file is not written");
    assert.ok(first.text.startsWith(source), "the file's comments and layout come first, unchanged");
    assert.equal(declared(first.text).length, 6);
  });

  it("--kind and --name keep the objects of that kind whose name matches", async () => {
    const { text } = await importTo("--kind", "monitors", "--name", "*Queue*");
    assert.deepEqual(declared(text), ["monitors [eu] Queue depth (eu)", "monitors [us] Queue depth (us)"]);
  });

  it("--tag keeps the objects carrying the tag, whatever its case", async () => {
    const { text } = await importTo("--tag", "SERVICE:api");
    assert.deepEqual(declared(text), ["monitors [${region.name}] API p99 latency (us, eu)"]);
  });

  it("--account and --only keep those accounts' and providers' objects", async () => {
    const { text } = await importTo("--account", "datadog-eu", "--kind", "pagerduty_service");
    assert.deepEqual(declared(text), ["pagerduty_services Platform-${region.name} (eu)"]);
    const before = requests();
    const other = await importTo("--only", "auth0,github");
    assert.match(other.run.stdout, /^Imported 0 declarations/);
    assert.equal(other.text, source);
    assert.equal(requests(), before, "no Datadog account is read");
  });

  it("stops at an unknown kind or account before contacting any vendor", async () => {
    const before = requests();
    const kind = await cli.import("--kind", "dashboards");
    assert.equal(kind.code, 1);
    assert.match(kind.stderr, /--kind: unknown kind 'dashboards'/);
    const account = await cli.import("--account", "datadog-ap");
    assert.equal(account.code, 1);
    assert.match(account.stderr, /--account: 'datadog-ap' is not an account of the file \(datadog-us, datadog-eu\)/);
    assert.equal(requests(), before);
    assert.equal(await cli.text(), source);
  });
});
