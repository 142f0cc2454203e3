/**
 * Importing an Auth0 tenant that serves `us` and `eu`: its applications carry both regions' URLs, URLs added by hand
 * for staging and URLs of a partner. The regions' URLs become templates over `us` and `eu`, the others are left out
 * and listed; adoption claims exactly the declared URLs, so a later removal from the file removes one.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parse, parseDocument } from "yaml";
import { type Auth0Emulator, startAuth0Emulator } from "../../emulators/auth0/index.js";
import { auth0OwnershipOnly, auth0State, type Cli, cliFor, fileWith } from "./support.js";

const tenantFile = (url: string) => `version: 1
regions:
  us: { hosts: [app.example.com], cloud_region: us-east-1 }
  eu: { hosts: [eu.example.com], cloud_region: eu-west-1 }
accounts:
  auth0:
    provider: auth0
    domain: example.us.auth0.com
    client_id_env: AUTH0_CLIENT_ID
    client_secret_env: AUTH0_CLIENT_SECRET
    endpoint: ${url}
`;

const clients = [
  {
    name: "Storefront",
    callbacks: [
      "https://app.example.com/callback",
      "https://staging.example.com/callback",
      "https://eu.example.com/callback",
      "https://app.example.com/extra",
      "https://partner.example.org/sso/callback",
    ],
    allowed_logout_urls: ["https://app.example.com/logout", "https://eu.example.com/logout"],
    web_origins: ["https://eu.example.com", "https://app.example.com"],
    initiate_login_uri: "https://app.example.com/login",
    client_metadata: { team: "storefront" },
  },
  {
    name: "Admin Console",
    callbacks: [
      "https://admin.app.example.com/auth/callback",
      "https://admin.eu.example.com/auth/callback",
      "https://admin.staging.example.com/auth/callback",
    ],
  },
  { name: "Partner SSO", callbacks: ["https://partner.example.org/callback"] },
];

describe("import of an Auth0 tenant serving us and eu", () => {
  let emu: Auth0Emulator;
  let cli: Cli;
  before(async () => {
    emu = await startAuth0Emulator({ clients });
    const { file, env } = await fileWith(tenantFile(emu.url), [emu.url], {
      AUTH0_CLIENT_ID: "auth0-client-0001",
      AUTH0_CLIENT_SECRET: "auth0-secret-0001",
    });
    cli = cliFor(file, env);
  });
  after(() => emu.close());

  it("writes templates over us and eu, and lists the staging and partner URLs it left out", async () => {
    emu.resetLog();
    const imported = await cli.import();
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(
      emu.requests.map((r) => `${r.method} ${r.path}`),
      ["POST /oauth/token", "GET /api/v2/clients"],
      "one listing of the tenant",
    );
    const apps = parse(await cli.text()).resources.auth0.applications;
    assert.deepEqual(apps, [
      {
        name: "Admin Console",
        regions: ["us", "eu"],
        adopt: true,
        callbacks: ["https://admin.${region.host}/auth/callback"],
      },
      {
        name: "Storefront",
        regions: ["us", "eu"],
        adopt: true,
        callbacks: ["https://${region.host}/callback", "https://app.example.com/extra"],
        allowed_logout_urls: ["https://${region.host}/logout"],
        web_origins: ["https://${region.host}"],
        initiate_login_uri: "https://app.example.com/login",
      },
    ]);
    assert.match(imported.stdout, /Templates over several regions \(2\):/);
    assert.match(
      imported.stdout,
      /"Storefront" \(\w+\): left out, on no region's host: callbacks https:\/\/staging\.example\.com\/callback, callbacks https:\/\/partner\.example\.org\/sso\/callback/,
    );
    assert.match(
      imported.stdout,
      /"Admin Console" \(\w+\): left out, on no region's host: callbacks https:\/\/admin\.staging/,
    );
    assert.match(imported.stdout, /"Partner SSO" \(\w+\): not imported, none of its URLs is on a region's host/);
  });

  it("plans adoptions only; apply writes only the ownership record; then No changes", async () => {
    const planned = JSON.parse((await cli.plan("--json")).stdout);
    assert.deepEqual(
      planned.changes
        .map((c: { action: string; name: string; regions: string[] }) => [c.action, c.name, c.regions])
        .sort((a: string[], b: string[]) => a[1]!.localeCompare(b[1]!)),
      [
        ["adopt", "Admin Console", ["us", "eu"]],
        ["adopt", "Storefront", ["us", "eu"]],
      ],
    );
    const before = auth0State(emu);
    emu.resetLog();
    const applied = await cli.apply();
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.equal(emu.writes().length, 2);
    assert.deepEqual(auth0OwnershipOnly(emu.writes()), []);
    assert.deepEqual(auth0State(emu), before);
    assert.match((await cli.plan()).stdout, /No changes\./);
  });

  it("once adopted, a URL removed from the file is removed from Auth0; the partner's never is", async () => {
    const doc = parseDocument(await cli.text());
    assert.ok(doc.deleteIn(["resources", "auth0", "applications", 1, "callbacks", 1]));
    const { file, env } = await fileWith(doc.toString(), [emu.url], {
      AUTH0_CLIENT_ID: "auth0-client-0001",
      AUTH0_CLIENT_SECRET: "auth0-secret-0001",
    });
    const planned = JSON.parse((await cliFor(file, env).plan("--json", "--allow-delete")).stdout);
    assert.deepEqual(
      planned.changes.map((c: { action: string; diffs: unknown[] }) => [c.action, c.diffs]),
      [["delete", [{ path: "callbacks", op: "remove", before: "https://app.example.com/extra" }]]],
    );
  });
});
