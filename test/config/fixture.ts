/**
 * The valid desired-state.yaml that the malformed cases edit, and the check every case makes: the CLI refuses the file
 * with exactly the expected diagnostics, and no request reaches any vendor. The CLI runs against live emulators so that
 * a regression that let a bad file through to apply would show up as a write.
 */
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { type Auth0Emulator, startAuth0Emulator } from "../../emulators/auth0/index.js";
import { type DatadogEmulator, startDatadogEmulator } from "../../emulators/datadog/index.js";
import { OPERATOR_ENV } from "../../src/core/operator-env.js";
import { runCli, tempDir } from "../cli/helpers.js";

export const validFile = (auth0: string, datadog: string) => `version: 1
regions:
  us:
    hosts: [app.example.com]
    cloud_region: us-east-1
    paging: ["@slack-oncall-us"]
    values: { tier: gold }
    accounts: { auth0: auth0-main, datadog: datadog-main }
  eu:
    hosts: [eu.example.com]
    cloud_region: eu-west-1
    accounts: { auth0: auth0-main, datadog: datadog-main }
accounts:
  auth0-main:
    provider: auth0
    domain: example.us.auth0.com
    client_id_env: AUTH0_CLIENT_ID
    client_secret_env: AUTH0_CLIENT_SECRET
    endpoint: ${auth0}
  datadog-main:
    provider: datadog
    site: datadoghq.com
    api_key_env: DD_API_KEY
    app_key_env: DD_APP_KEY
    endpoint: ${datadog}
resources:
  auth0:
    applications:
      - name: Storefront
        regions: [us, eu]
        callbacks: ["https://\${region.host}/callback"]
  datadog:
    monitors:
      - name: "[\${region.name}] errors"
        regions: [us, eu]
        type: query alert
        query: sum(last_5m):sum:errors{region:\${region.cloud_region}}.as_count() > 5
        message: "Errors in \${region.name}."
        tags: ["region:\${region.cloud_region}"]
`;

export const credentials = { AUTH0_CLIENT_ID: "id", AUTH0_CLIENT_SECRET: "secret", DD_API_KEY: "k", DD_APP_KEY: "a" };

/** A diagnostic as `[code, "line:column: severity: message (hint)"]`. */
export type Expected = [string, string];

export interface Case {
  name: string;
  /** Each edit replaces the first occurrence of its first string in the valid file with its second. */
  edits: Array<[string, string]>;
  /** Every diagnostic, exactly, in order. */
  errors: Expected[];
}

export interface Harness {
  /** The valid file, pointed at the emulators. */
  valid(): string;
  /** Credentials, and the operator's allowance for the emulators' endpoints. */
  operatorEnv(): Record<string, string>;
  /** Writes `text` to a file of its own in a temporary folder. */
  write(name: string, text: string | Buffer): Promise<string>;
  /**
   * Runs `apply --yes` and `validate --json` on `file`; both must fail and reach no vendor. Returns the diagnostics
   * that have a place in the file, with the codes `validate --json` reported for them.
   */
  refuse(file: string, env?: Record<string, string>): Promise<{ errors: Expected[]; stderr: string }>;
}

/** Starts the emulators around the enclosing `describe`, and checks the file it serves is valid. */
export function emulatorHarness(): Harness {
  let auth0: Auth0Emulator;
  let datadog: DatadogEmulator;
  let dir: string;
  before(async () => {
    auth0 = await startAuth0Emulator();
    datadog = await startDatadogEmulator();
    dir = await tempDir();
  });
  after(async () => {
    await auth0.close();
    await datadog.close();
  });
  const harness: Harness = {
    valid: () => validFile(auth0.url, datadog.url),
    async write(name, text) {
      const file = join(dir, `${name.replace(/\W+/g, "-")}.yaml`);
      await writeFile(file, text);
      return file;
    },
    operatorEnv: () => ({ ...credentials, [OPERATOR_ENV.allowedEndpoints]: `${auth0.url},${datadog.url}` }),
    async refuse(file, env = {}) {
      const applied = await runCli(["apply", "--yes", "-f", file], { env: { ...harness.operatorEnv(), ...env } });
      assert.equal(applied.code, 1);
      assert.match(applied.stderr, /nothing was sent to any vendor/);
      const lines = applied.stderr
        .split("\n")
        .filter((l) => l.startsWith(`${file}:`))
        .map((l) => l.slice(file.length + 1));
      const validated = await runCli(["validate", "--json", "-f", file], { env: { ...harness.operatorEnv(), ...env } });
      assert.equal(validated.code, 1);
      const { diagnostics } = JSON.parse(validated.stdout) as { diagnostics: Array<{ code: string; at?: unknown }> };
      const codes = diagnostics.filter((d) => d.at).map((d) => d.code);
      assert.equal(codes.length, lines.length, "validate --json and apply report the same problems");
      assert.deepEqual(auth0.requests, [], "no request reached Auth0");
      assert.deepEqual(datadog.server.requests, [], "no request reached Datadog");
      return { errors: lines.map((line, i): Expected => [codes[i]!, line]), stderr: applied.stderr };
    },
  };
  it("the base file is valid, so each case fails for its own reason", async () => {
    const result = await runCli(["validate", "-f", await harness.write("valid", harness.valid())], {
      env: harness.operatorEnv(),
    });
    assert.equal(result.code, 0, result.stderr);
  });
  return harness;
}

/** One test per case: the edited file is refused with exactly the case's diagnostics. */
export function refusesEach(harness: Harness, cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, async () => {
      let text = harness.valid();
      for (const [find, replace] of c.edits) {
        assert.ok(text.includes(find), `fixture anchor not found: ${find}`);
        text = text.replace(find, replace);
      }
      const { errors } = await harness.refuse(await harness.write(c.name, text));
      assert.deepEqual(errors, c.errors);
    });
  }
}
