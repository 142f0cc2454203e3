import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadDesiredStateText } from "../../src/config/index.js";
import type { Diagnostic } from "../../src/core/types.js";
import { providers } from "../../src/providers/registry.js";

/** Three regions, two Auth0 tenants and one GitHub organization; `resources` is the rest of the file. */
const file = (resources: string, regions = "") => `version: 1
regions:
  us:
    hosts: [app.example.com]
    cloud_region: us-east-1
    accounts: { auth0: auth0-us }
  eu:
    hosts: [eu.example.com]
    cloud_region: eu-west-1
    accounts: { auth0: auth0-eu }
${regions}accounts:
  auth0-us: { provider: auth0, domain: us.auth0.com, token_env: AUTH0_US_TOKEN }
  auth0-eu: { provider: auth0, domain: eu.auth0.com, token_env: AUTH0_EU_TOKEN }
  github: { provider: github, token_env: REGIONSYNC_GITHUB_TOKEN }
resources:
${resources}`;

const storefront = `  auth0:
    applications:
      - name: Storefront
        regions: all
        callbacks: ["https://\${region.host}/callback"]
`;

const environment = (variables: string, secrets = "{}") => `  github:
    environments:
      - repository: example-corp/platform
        name: production-\${region.name}
        regions: all
        variables: ${variables}
        secrets: ${secrets}
`;

const load = (text: string) => loadDesiredStateText(text, "d.yaml", providers);
const lines = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => `${d.at?.line}:${d.at?.column} ${d.severity} ${d.code} ${d.message}`);

describe("declarations that follow the region list", () => {
  it("regions: all serves every declared region; except leaves some out", () => {
    const { state, diagnostics } = load(
      file(`${storefront}      - name: Admin
        account: auth0-us
        regions: all
        except: [eu]
`),
    );
    assert.deepEqual(diagnostics, []);
    const served = (name: string) =>
      state!.instances.filter((i) => i.spec && (i.spec as { name: string }).name === name);
    assert.deepEqual(
      served("Storefront").map((i) => `${i.region} ${i.account}`),
      ["us auth0-us", "eu auth0-eu"],
    );
    assert.deepEqual(
      served("Admin").map((i) => i.region),
      ["us"],
    );
    assert.deepEqual(state!.declarations[1]?.regions, ["us"]);
  });

  it("except without regions: all, or naming an unknown region, is an error where it is written", () => {
    const { diagnostics } = load(
      file(`  auth0:
    applications:
      - name: A
        regions: [us]
        except: [eu]
      - name: B
        regions: all
        except: [ap]
`),
    );
    assert.deepEqual(lines(diagnostics), [
      "20:9 error invalid-value 'except' goes only with 'regions: all'",
      "23:18 error unknown-region unknown region 'ap' in except",
    ]);
  });

  it("a new region nothing serves is a warning; one bound to no account a declaration needs is an error at the region", () => {
    const ap = "  ap:\n    hosts: [ap.example.com]\n    cloud_region: ap-southeast-2\n";
    const unserved = load(file(storefront.replace("regions: all", "regions: [us, eu]"), ap));
    assert.deepEqual(lines(unserved.diagnostics), [
      "11:3 warning unserved-region region 'ap' is declared, but no resource serves it",
    ]);
    const unbound = load(file(storefront, ap));
    assert.deepEqual(lines(unbound.diagnostics), [
      "11:3 error no-account regions.ap.accounts.auth0: region 'ap' is bound to no auth0 account, and application 'Storefront' needs one",
    ]);
    assert.match(
      unbound.diagnostics[0]!.hint ?? "",
      /add 'auth0: ACCOUNT' under regions\.ap\.accounts \(one of auth0-us, auth0-eu/,
    );
  });
});

describe("outputs that flow between vendors", () => {
  it("binds ${auth0.applications.NAME.client_id} and { from, output } to the same region's application", () => {
    const { state, diagnostics } = load(
      file(
        storefront +
          environment(
            "{ CLIENT_ID: '${auth0.applications.Storefront.client_id}', HOST: '${region.host}' }",
            "{ CLIENT_SECRET: { from: auth0/applications/Storefront, output: client_secret } }",
          ),
      ),
    );
    assert.deepEqual(diagnostics, []);
    const eu = state!.instances.find((i) => i.id === "github/environment/production-eu@eu")!;
    assert.deepEqual(
      eu.references?.map((r) => `${r.field} ${r.producer} ${r.account} ${r.sensitive}`),
      [
        "variables.CLIENT_ID auth0/application/Storefront@eu auth0-eu false",
        "secrets.CLIENT_SECRET auth0/application/Storefront@eu auth0-eu true",
      ],
    );
    assert.deepEqual((eu.spec as { variables: unknown }).variables, {
      CLIENT_ID: { from: "auth0/applications/Storefront", output: "client_id" },
      HOST: "eu.example.com",
    });
  });

  it("a reference to a declaration, output or region that does not exist is an error with its place", () => {
    const { diagnostics } = load(
      file(
        storefront +
          environment(
            "{ A: '${auth0.applications.Storefrnt.client_id}', B: '${auth0.applications.Storefront.client_ix}' }",
            "{ S: { from: auth0/applications/Storefront, output: client_secret, region: ap } }",
          ),
      ),
    );
    assert.deepEqual(lines(diagnostics), [
      "26:25 error unknown-reference variables.A: no auth0 applications declaration named 'Storefrnt'",
      "26:73 error unknown-reference variables.B: auth0 applications have no output 'client_ix'",
      "27:31 error unknown-reference secrets.S: unknown region 'ap'",
    ]);
    assert.match(diagnostics[0]!.hint ?? "", /did you mean 'Storefront'/);
    assert.match(diagnostics[1]!.hint ?? "", /did you mean 'client_id'/);
  });

  it("a reference is a whole value, never part of a longer text", () => {
    const { diagnostics } = load(
      file(storefront + environment("{ C: 'x-${auth0.applications.Storefront.client_id}' }")),
    );
    assert.deepEqual(lines(diagnostics), [
      "26:25 error placeholder '${auth0.applications.Storefront.client_id}' is a reference to another declaration's output, which must be the whole value",
    ]);
  });

  it("a secret output is refused in a plain variable, and a field that takes no outputs says so", () => {
    const secret = load(
      file(storefront + environment("{ AUTH0_CLIENT_SECRET: '${auth0.applications.Storefront.client_secret}' }")),
    );
    assert.deepEqual(lines(secret.diagnostics), [
      "26:43 error github.secret-in-variable variables.AUTH0_CLIENT_SECRET: auth0/applications/Storefront client_secret is a secret, and variables are readable by anyone who can read example-corp/platform",
    ]);
    const hook = `  github:
    webhooks:
      - repository: example-corp/platform
        name: hook-\${region.name}
        regions: all
        url: \${auth0.applications.Storefront.domain}
`;
    assert.deepEqual(lines(load(file(storefront + hook)).diagnostics), [
      "26:14 error unknown-reference resources.github.webhooks[0].url: this field does not take another declaration's output (auth0/applications/Storefront domain)",
    ]);
  });

  it("references may not link accounts in a circle, nor an account to itself", () => {
    const copy = (name: string, from: string, account = "") => `      - name: ${name}
        regions: all${account}
        create: true
        copy_from: ${from}
`;
    const circle = load(file(`  auth0:\n    applications:\n${copy("Copy", "eu")}${copy("Other", "us")}`));
    assert.deepEqual(lines(circle.diagnostics), [
      "22:9 error reference-cycle references form a cycle between accounts (auth0-us → auth0-eu → auth0-us)",
    ]);
    const own = load(file(`  auth0:\n    applications:\n${copy("Copy", "eu", "\n        account: auth0-us")}`));
    assert.deepEqual(lines(own.diagnostics), [
      "22:20 error unknown-reference copy_from: auth0 applications 'Copy' in eu is in this declaration's own account (auth0-us)",
    ]);
  });
});

describe("the README", () => {
  it("shows desired-state.yaml examples that are valid", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile(new URL("../../../README.md", import.meta.url), "utf8");
    const examples = [...readme.matchAll(/```yaml\n(version: 1\n[\s\S]*?)```/g)].map((m) => m[1]!);
    assert.ok(examples.length > 0);
    for (const example of examples) {
      const { diagnostics } = load(example);
      assert.deepEqual(lines(diagnostics.filter((d) => d.severity === "error")), []);
    }
  });
});
