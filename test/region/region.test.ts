import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { addEntry } from "../../src/config/edit.js";
import { LEDGER_NAME } from "../../src/providers/datadog/ledger-record.js";
import { run, sampleFile, snapshot, startVendors, type Vendors } from "./helpers.js";
import { type PlanJson, planOf, regionCells } from "./plans.js";

/**
 * The product's promise, end to end against every vendor's emulator: from the converged example, a third region with
 * its own Auth0 tenant and a Datadog org on another site is one region block plus its accounts; every vendor follows;
 * and decommissioning it removes only what regionsync made for it.
 */
describe("opening and closing a region", () => {
  let vendors: Vendors;
  let file: string;
  let converged: Record<string, unknown>;
  before(async () => {
    vendors = await startVendors();
    file = await sampleFile(vendors);
  });
  after(() => vendors.close());

  it("starts from the converged example", async () => {
    const applied = await run(file, ["apply", "--yes"]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const plan = await run(file, ["plan", "--detailed-exitcode"]);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes\./);
    converged = snapshot(vendors);
  });

  it("opens ap with one region block and its accounts: the file keeps every other byte, every vendor follows", async () => {
    const accounts = {
      "auth0-ap": {
        provider: "auth0",
        domain: "example-ap.au.auth0.com",
        client_id_env: "AUTH0_AP_CLIENT_ID",
        client_secret_env: "AUTH0_AP_CLIENT_SECRET",
        endpoint: vendors.auth0["auth0-ap"]!.url,
      },
      "datadog-ap": {
        provider: "datadog",
        site: "ap1.datadoghq.com",
        api_key_env: "DD_AP_API_KEY",
        app_key_env: "DD_AP_APP_KEY",
        endpoint: vendors.datadog["datadog-ap"]!.url,
      },
    };
    let text = await readFile(file, "utf8");
    for (const [name, settings] of Object.entries(accounts)) {
      const edited = addEntry(text, ["accounts"], name, settings);
      assert.ok("text" in edited);
      text = edited.text;
    }
    await writeFile(file, text);
    const added = await run(file, [
      "region",
      "add",
      "ap",
      "--host",
      "ap.example.com",
      "--host",
      "api.ap.example.com",
      "--cloud-region",
      "ap-southeast-2",
      "--paging",
      "@pagerduty-Platform-ap",
      "--paging",
      "@slack-oncall-ap",
      "--value",
      "aws_account_id=333333333333",
      "--value",
      "deploy_role=arn:aws:iam::333333333333:role/deploy",
      "--value",
      "webhook_url=https://hooks.ap.example.com/github",
      "--account",
      "auth0=auth0-ap",
      "--account",
      "datadog=datadog-ap",
      "--like",
      "us",
      "--egress",
      "203.0.113.128/28",
      "--egress",
      "2001:db8:3000::/56",
    ]);
    assert.equal(added.code, 0, added.stdout + added.stderr);
    const after = await readFile(file, "utf8");
    // One block was inserted; every other byte of the file (comments, quoting, layout) is as it was.
    const [was, now] = [text.split("\n"), after.split("\n")];
    let at = 0;
    while (was[at] === now[at]) at++;
    const block = now.slice(at, at + now.length - was.length);
    assert.deepEqual([...now.slice(0, at), ...now.slice(at + block.length)], was);
    assert.equal(block[0], "  ap:");
    assert.ok(
      block.slice(1).every((line) => line.startsWith("    ")),
      block.join("\n"),
    );
    assert.match(
      block.join("\n"),
      /^ {2}ap:\n {4}hosts: \[ap\.example\.com, api\.ap\.example\.com\]\n {4}cloud_region: ap-southeast-2\n/,
    );
    assert.match(
      block.join("\n"),
      /\n {4}accounts:\n {6}auth0: auth0-ap\n {6}datadog: datadog-ap\n/,
      "--account wins over --like",
    );
    assert.match(
      block.join("\n"),
      /\n {4}egress:\n {6}ipv4: \[203\.0\.113\.128\/28\]\n {6}ipv6: \[2001:db8:3000::\/56\]$/,
    );
    assert.match(added.stdout, /Plan for region ap/);
  });

  it("plans every vendor following ap, applies, and plans No changes once the one manual step is done", async () => {
    const plan: PlanJson = await planOf(file);
    const cells = regionCells(plan, "ap");
    assert.deepEqual(cells["auth0/application/Partner Portal"], "not-declared");
    for (const [row, cell] of Object.entries(cells)) {
      if (row === "auth0/application/Partner Portal") continue;
      // No metric in the new org reports region:ap-southeast-2 yet: its monitors would not fire, and say so.
      const expected = row.startsWith("github/oauth_app")
        ? "in-sync"
        : row.startsWith("github/github_app")
          ? "manual"
          : row.startsWith("datadog/monitor")
            ? "warning"
            : "will-change";
      assert.equal(cell, expected, row);
    }
    const byAccount = (account: string) =>
      plan.changes.filter((c) => c.account === account).map((c) => `${c.action} ${c.name}`);
    assert.deepEqual(byAccount("auth0-ap"), ["create Storefront"]);
    assert.deepEqual(byAccount("auth0-us"), ["update Admin Console"]);
    assert.deepEqual(byAccount("datadog-ap").sort(), [
      "create Platform-ap",
      "create Regional egress@ap",
      "create Route ap monitors to ap on-call",
      "create [ap] API error rate is high",
      "create [ap] API p99 latency",
      "create [ap] Checkout queue backlog",
    ]);
    const environment = plan.changes.find((c) => c.name === "example-corp/platform/production-ap")!;
    assert.deepEqual(
      environment.diffs.filter((d) => d.path.includes("AUTH0")),
      [
        {
          path: "variables.AUTH0_DOMAIN",
          op: "add",
          known_after_apply: true,
          from: "auth0/applications/Storefront domain (ap)",
        },
        {
          path: "variables.AUTH0_CLIENT_ID",
          op: "add",
          known_after_apply: true,
          from: "auth0/applications/Storefront client_id (ap)",
        },
        {
          path: "secrets.AUTH0_CLIENT_SECRET",
          op: "add",
          sensitive: true,
          after: "(sensitive)",
          from: "auth0/applications/Storefront client_secret (ap)",
        },
      ],
    );

    const applied = await run(file, ["apply", "--yes"]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const created = vendors.auth0["auth0-ap"]!.tenant.byName("Storefront");
    assert.equal(created.length, 1);
    const us = vendors.auth0["auth0-us"]!.tenant.byName("Storefront")[0]!;
    for (const field of ["app_type", "grant_types", "token_endpoint_auth_method", "oidc_conformant"]) {
      assert.deepEqual(created[0]![field], us[field], `${field} copied from the US application`);
    }
    assert.notEqual(created[0]!.client_secret, us.client_secret, "a secret is never copied");
    const production = vendors.github.org.repo("example-corp", "platform")!.environments.get("production-ap")!;
    assert.equal(production.variables.get("AUTH0_CLIENT_ID")?.value, created[0]!.client_id);
    assert.equal(production.variables.get("AUTH0_DOMAIN")?.value, "example-ap.au.auth0.com");
    assert.equal(production.secrets.get("AUTH0_CLIENT_SECRET")?.value, created[0]!.client_secret);
    const monitors = [...vendors.datadog["datadog-ap"]!.org.monitors.values()].map((m) => String(m.name));
    assert.ok(monitors.includes("[ap] API p99 latency"));

    const manual = await run(file, ["plan", "--detailed-exitcode"]);
    assert.equal(manual.code, 2);
    assert.match(manual.stdout, /github github_app "Example Corp Deployer" \(ap\) manual action required/);
    // The person registers the callback on GitHub and records it, as the manual action says.
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace(
        "          - https://eu.example.com/integrations/github/callback\n",
        "          - https://eu.example.com/integrations/github/callback\n          - https://ap.example.com/integrations/github/callback\n",
      ),
    );
    const clean = await run(file, ["plan", "--detailed-exitcode"]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /No changes\./);
  });

  it("region remove ap shows what goes and changes nothing; with --allow-delete only what regionsync made for ap goes", async () => {
    const before = await readFile(file, "utf8");
    const shown = await run(file, ["region", "remove", "ap"]);
    assert.equal(shown.code, 0, shown.stdout + shown.stderr);
    assert.equal(await readFile(file, "utf8"), before, "nothing is written without --allow-delete");
    assert.match(
      shown.stdout,
      /auth0 application "Admin Console" will be updated: removes 3 URLs \[held: deletes are not allowed/,
    );
    assert.match(shown.stdout, /To decommission ap: regionsync region remove ap --allow-delete/);

    const removed = await run(file, ["region", "remove", "ap", "--allow-delete", "--yes"]);
    assert.equal(removed.code, 0, removed.stdout + removed.stderr);
    assert.match(removed.stdout, /Apply complete: \d+ applied, 0 failed, 0 skipped\./);
    assert.doesNotMatch(await readFile(file, "utf8"), /\n {2}ap:\n/);
    assertOnlyApGone(converged, snapshot(vendors));
    const again = await run(file, ["plan", "--detailed-exitcode"]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });
});

/** Everything that was there before ap is byte-identical; of ap, only what people made is left. */
function assertOnlyApGone(before: Record<string, unknown>, now: Record<string, unknown>) {
  const b = before as {
    auth0: Record<string, unknown>;
    datadog: Record<string, Record<string, unknown>>;
    github: Record<string, unknown>;
  };
  const n = now as typeof b;
  assert.deepEqual(n.auth0, b.auth0, "every Auth0 application, in every tenant, as before (the created one gone)");
  for (const org of Object.keys(b.datadog)) {
    const ledgerless = (o: Record<string, unknown>) => ({
      ...o,
      monitors: Object.fromEntries(
        Object.entries(o.monitors as Record<string, { name: string }>).filter(([, m]) => m.name !== LEDGER_NAME),
      ),
    });
    assert.deepEqual(ledgerless(n.datadog[org]!), ledgerless(b.datadog[org]!), `datadog ${org}`);
  }
  // regionsync's own ledgers (REGIONSYNC_* variables) were rewritten: their content is as before, their time is not.
  // ip-ranges.json was published again (with ap, then without): its prefixes are as before, its syncToken is newer.
  const ledgerTimes = (g: Record<string, unknown>) =>
    JSON.parse(JSON.stringify(g), (_key, v) =>
      v && typeof v === "object" && typeof v.name === "string" && v.name.startsWith("REGIONSYNC_")
        ? { ...v, updated_at: "(rewritten)" }
        : typeof v === "string" && v.startsWith('{\n  "syncToken"')
          ? { ...JSON.parse(v), syncToken: "(republished)", createDate: "(republished)" }
          : v,
    );
  assert.deepEqual(
    ledgerTimes(n.github),
    ledgerTimes(b.github),
    "GitHub as before, byte for byte but for ledger times and the republished file's date",
  );
}
