import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sampleStorefronts } from "../../emulators/common/sample-company.js";
import { tempDir } from "../cli/helpers.js";
import { run, sampleFile, startVendors, type Vendors } from "./helpers.js";
import { openAp } from "./open-ap.js";

/**
 * A client secret travels from Auth0 to a GitHub environment secret: read from the tenant (an application that
 * exists) or taken from Auth0's answer (one regionsync creates), sealed for the environment's key, and never printed,
 * logged at any level, or written to a plan file.
 */
describe("a secret flowing from Auth0 to GitHub", () => {
  let vendors: Vendors;
  let file: string;
  const seen: string[] = [];
  const record = <T extends { stdout: string; stderr: string }>(result: T): T => {
    seen.push(result.stdout, result.stderr);
    return result;
  };
  before(async () => {
    vendors = await startVendors();
    file = await sampleFile(vendors);
  });
  after(() => vendors.close());

  it("an existing application's secret reaches the sealed box and nothing else", async () => {
    const canary = "canary-eu-storefront-secret-3f9a1c";
    const tenant = vendors.auth0["auth0-eu"]!.tenant;
    tenant.edit(sampleStorefronts["auth0-eu"]!.client_id, { client_secret: canary });
    const planFile = join(await tempDir(), "plan.json");
    const planned = record(await run(file, ["plan", "--out", planFile], { logLevel: "debug" }));
    assert.equal(planned.code, 0, planned.stderr);
    assert.match(
      planned.stdout,
      /secrets\.AUTH0_CLIENT_SECRET: \(sensitive, from auth0\/applications\/Storefront client_secret \(eu\)\)/,
    );
    record(await run(file, ["plan", "--json"], { logLevel: "debug" }));
    record(await run(file, ["plan", "--markdown"], { logLevel: "debug" }));
    const applied = record(await run(file, ["apply", planFile], { logLevel: "debug" }));
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const saved = await readFile(planFile, "utf8");
    assert.match(
      saved,
      /"secretsFrom":\s*\{\s*"AUTH0_CLIENT_SECRET":\s*\{\s*"from": "auth0\/applications\/Storefront"/,
    );
    for (const text of [...seen, saved]) assert.ok(!text.includes(canary), "the secret appears nowhere");
    const environment = vendors.github.org.repo("example-corp", "platform")!.environments.get("production-eu")!;
    assert.equal(environment.secrets.get("AUTH0_CLIENT_SECRET")?.value, canary, "the sealed value opens to it");
  });

  it("a new application's secret goes from Auth0's answer to the sealed box, printed and logged nowhere", async () => {
    await writeFile(file, openAp(await readFile(file, "utf8"), vendors));
    const applied = record(await run(file, ["apply", "--yes"], { logLevel: "debug" }));
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const [created] = vendors.auth0["auth0-ap"]!.tenant.byName("Storefront");
    const secret = String(created?.client_secret);
    assert.ok(secret.length > 20);
    for (const text of seen) assert.ok(!text.includes(secret), "the new secret appears nowhere");
    const environment = vendors.github.org.repo("example-corp", "platform")!.environments.get("production-ap")!;
    assert.equal(environment.secrets.get("AUTH0_CLIENT_SECRET")?.value, secret, "the sealed value opens to it");
    assert.equal(environment.variables.get("AUTH0_CLIENT_ID")?.value, created?.client_id);
  });
});
