/**
 * The Datadog session holds to what every provider's session must (docs/contributing-providers.md): the keys it reads
 * are registered for redaction, every request has the connect context's timeout, a failure without an answer keeps
 * its cause, a refusal is summarised (never the body), and a create Datadog would keep twice is sent again only after
 * looking for what the first attempt made.
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { EmulatorRequest } from "../../emulators/common/server.js";
import { Redactor, silentLogger } from "../../src/core/log.js";
import { VendorRequestError } from "../../src/core/vendor-error.js";
import { connectSession } from "../../src/providers/datadog/session.js";
import { desiredState, env, errorRateMonitor, Orgs, plan, reconcile, withOrgs } from "./harness.js";

const paging = {
  monitors: [{ ...errorRateMonitor, regions: ["eu"] }],
  pagerduty_services: [
    { name: "Platform-${region.name}", regions: ["eu"], service_key_env: "PAGERDUTY_KEY_${region.name}" },
  ],
  opsgenie_services: [
    { name: "Ops-${region.name}", regions: ["eu"], opsgenie_region: "eu", api_key_env: "PAGERDUTY_KEY_${region.name}" },
  ],
  notification_rules: [
    { name: "Route ${region.name}", regions: ["eu"], scope: "region:${region.cloud_region}", recipients: ["slack-x"] },
  ],
};

const session = (endpoint: string, requestTimeoutMs = 30_000, secrets = new Redactor()) =>
  connectSession({
    account: {
      name: "datadog-eu",
      provider: "datadog",
      endpoint,
      settings: { site: "datadoghq.eu", api_key_env: "DD_EU_API_KEY", app_key_env: "DD_EU_APP_KEY" },
    },
    env,
    logger: silentLogger,
    secrets,
    requestTimeoutMs,
  });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const listOwned = (s: ReturnType<typeof session>) =>
  s.monitors.list({ monitorTags: "managed-by:regionsync", page: 0, pageSize: 10 });

describe("datadog session: credentials, timeouts and causes", () => {
  let plain: http.Server;
  let plainUrl = "";
  before(async () => {
    plain = http.createServer((_req, res) => res.end("not TLS"));
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    plainUrl = `127.0.0.1:${(plain.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => plain.close(resolve)));

  it("registers both keys it reads before any request", () => {
    const secrets = new Redactor();
    session("http://127.0.0.1:9", 1000, secrets);
    assert.equal(secrets.redact(`${env.DD_EU_API_KEY} ${env.DD_EU_APP_KEY}`), "*** ***");
  });

  it("a TLS failure and a refused connection keep their cause, not just 'failed'", async () => {
    // Both fail at once; the long timeout keeps a loaded machine's slow handshake from reading as a timeout instead.
    const tls = session(`https://${plainUrl}`, 20_000);
    await assert.rejects(listOwned(tls), (error: Error) => {
      assert.ok(error instanceof VendorRequestError);
      assert.match(error.message, /^Datadog request GET \/api\/v1\/monitor failed: .*(SSL|TLS|ssl|tls)/);
      assert.ok(error.cause, "the cause is kept");
      return true;
    });
    const closed = session(`http://127.0.0.1:${await closedPort()}`, 20_000);
    await assert.rejects(listOwned(closed), /failed: .*ECONNREFUSED/);
  });

  it("cuts a hang at the connect context's requestTimeoutMs, and retries the read", async () => {
    const orgs = await Orgs.start();
    try {
      // A hang far longer than any retry budget: only the 150 ms timeout can end it in time, however loaded the machine.
      orgs.eu.server.injectFaults([{ kind: "delay", ms: 60_000 }]);
      const started = Date.now();
      assert.deepEqual(await listOwned(session(orgs.eu.url, 150)), []);
      assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms: the hang was waited out`);
    } finally {
      await orgs.close();
    }
  });
});

const create = (suffix: string) => (r: EmulatorRequest) => r.method === "POST" && r.path.endsWith(suffix);

describe("datadog session: refusals and creates under faults", () => {
  it("a refusal that repeats the request is summarised to one line, and every key it carried is masked", () =>
    withOrgs(async (orgs) => {
      orgs.eu.server.injectFaults([{ kind: "echo", status: 400 }], create("/services"));
      const secrets = new Redactor();
      const { applied } = await reconcile(orgs.load(desiredState(paging, ["eu"])), { connect: { secrets } });
      const failed = applied.results.filter((r) => r.status === "failed");
      assert.equal(failed.length, 1);
      const message = failed[0]!.message ?? "";
      assert.match(message, /^Datadog HTTP 400 request_echoed: refused credential/);
      assert.ok(!message.includes("\n"), "one line");
      assert.ok(!message.includes(env.PAGERDUTY_KEY_eu!), "the paging key in the body is masked by its label");
      assert.ok(!message.includes("dd-api-key"), "no header of the request");
      assert.ok(message.includes(env.DD_EU_API_KEY!), "the echo repeats the key: only its registration can mask it");
      const shown = secrets.redact(message);
      for (const value of [env.PAGERDUTY_KEY_eu!, env.DD_EU_API_KEY!, env.DD_EU_APP_KEY!]) {
        assert.ok(!shown.includes(value), "the session registered every key it sent");
      }
    }));

  it("a paging service, an Opsgenie service and a rule whose create answers were lost are made once", () =>
    withOrgs(async (orgs) => {
      const state = orgs.load(desiredState(paging, ["eu"]));
      orgs.eu.server.injectFaults([{ kind: "cut" }], create("/integration/pagerduty/configuration/services"));
      orgs.eu.server.injectFaults([{ kind: "cut" }], create("/integration/opsgenie/services"));
      orgs.eu.server.injectFaults([{ kind: "cut" }], create("/monitor/notification_rule"));
      const { applied } = await reconcile(state);
      assert.ok(applied.ok, JSON.stringify(applied.results));
      assert.equal(orgs.eu.org.pagerduty.size, 1);
      assert.equal(orgs.eu.org.opsgenie.size, 1);
      assert.equal(orgs.eu.org.rules.size, 1);
      for (const suffix of ["/services", "/monitor/notification_rule"]) {
        const posts = orgs.eu.server.requests.filter(create(suffix) as never);
        assert.equal(posts.length, suffix === "/services" ? 2 : 1, `${suffix}: found, not posted again`);
      }
      assert.deepEqual((await plan(state)).changes, [], "recorded as regionsync's own");
    }));

  it("a rule create answered 502 is sent again only after looking, and makes one rule", () =>
    withOrgs(async (orgs) => {
      const state = orgs.load(desiredState({ notification_rules: paging.notification_rules }, ["eu"]));
      const badGateway = { kind: "status", status: 502, body: { errors: ["Bad Gateway"] } } as const;
      orgs.eu.server.injectFaults([badGateway], create("rule"));
      const { applied } = await reconcile(state);
      assert.ok(applied.ok, JSON.stringify(applied.results));
      const methods = orgs.eu.server.requests.filter((r) => r.path.includes("notification_rule")).map((r) => r.method);
      assert.deepEqual(methods.slice(-3), ["POST", "GET", "POST"], "the retry looked first");
      assert.equal(orgs.eu.org.rules.size, 1);
      assert.deepEqual((await plan(state)).changes, []);
    }));

  it("a rule made by a run that could not record it is recognised by the run's claim, not taken for a person's", () =>
    withOrgs(async (orgs) => {
      const state = orgs.load(desiredState({ notification_rules: paging.notification_rules }, ["eu"]));
      const ledgerCreate = (r: EmulatorRequest) =>
        r.method === "POST" && JSON.stringify(r.body ?? "").includes("regionsync-ledger:v1");
      orgs.eu.server.injectFaults([{ kind: "status", status: 403, body: { errors: ["Forbidden"] } }], ledgerCreate);
      const first = await reconcile(state);
      assert.equal(first.applied.results[0]?.status, "failed", "the rule was made, its id not recorded");
      assert.equal(orgs.eu.org.rules.size, 1);
      const { plan: again, applied } = await reconcile(state);
      assert.deepEqual(
        again.changes.map((c) => c.action),
        ["create"],
        "planned as the create it was, not as a hand-made namesake",
      );
      assert.ok(applied.ok, JSON.stringify(applied.results));
      assert.match(applied.results[0]?.message ?? "", /interrupted run/);
      assert.equal(orgs.eu.org.rules.size, 1, "adopted, not made twice");
      assert.deepEqual((await plan(state)).changes, []);
    }));
});
