import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Fault } from "../../emulators/common/server.js";
import { RequestTally } from "../../src/core/request-counter.js";
import {
  accountFor,
  applications,
  connect,
  ofField,
  recordingLogger,
  run,
  SECRET,
  storefront,
  tenantWith,
} from "./helpers.js";

const tooMany = (): Fault => ({
  kind: "status",
  status: 429,
  body: {
    statusCode: 429,
    error: "Too Many Requests",
    message: "Global limit has been reached",
    errorCode: "too_many_requests",
  },
  headers: {
    "x-ratelimit-limit": "50",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 1),
  },
});
const isList = (r: { method: string; path: string }) => r.method === "GET" && r.path === "/api/v2/clients";
const isPatch = (r: { method: string }) => r.method === "PATCH";
const statuses = (emu: { requests: Array<{ method: string; status: number }> }, method: string) =>
  emu.requests.filter((r) => r.method === method).map((r) => r.status);

describe("auth0: bounded retries", () => {
  it("rides out a burst of 429s on the listing and on the write", async () => {
    const emu = await tenantWith([{ name: "Storefront" }]);
    try {
      emu.injectFaults([tooMany(), tooMany(), tooMany(), tooMany()], isList);
      emu.injectFaults([tooMany(), tooMany(), tooMany()], isPatch);
      const logger = recordingLogger();
      const tally = new RequestTally();
      const requests = tally.counterFor("auth0", "auth0-us");
      // Retries are under test, not the read window: the listing stays fresh enough for apply however slow the run.
      const { results } = await run(
        connect(emu, { logger, requests, session: { readWindowMs: 60_000 } }),
        storefront(["eu"]),
      );
      assert.equal(results[0]!.status, "applied");
      assert.deepEqual(statuses(emu, "GET"), [429, 429, 429, 429, 200]);
      assert.deepEqual(statuses(emu, "PATCH"), [429, 429, 429, 200]);
      assert.equal(logger.lines.filter((l) => l.includes("auth0 request retried")).length, 7);
      assert.deepEqual(tally.snapshot(), [
        { provider: "auth0", account: "auth0-us", requests: emu.requests.length, retries: 7, rateLimited: 7 },
      ]);
    } finally {
      await emu.close();
    }
  });

  it("gives up after the retry budget with a clear failure", async () => {
    const emu = await tenantWith([{ name: "Storefront" }]);
    try {
      const instances = storefront(["eu"]);
      const session = connect(emu, { session: { retries: 2 } });
      const { changes } = applications.plan(instances, await applications.observe(session, instances));
      emu.injectFaults([tooMany(), tooMany(), tooMany()], isPatch);
      const result = await applications.apply(session, changes[0]!);
      assert.equal(result.status, "failed");
      assert.match(result.message ?? "", /HTTP 429 too_many_requests: Global limit has been reached/);
      assert.deepEqual(statuses(emu, "PATCH"), [429, 429, 429]);
      assert.deepEqual(ofField(emu, "Storefront").callbacks, []);
    } finally {
      await emu.close();
    }
  });

  it("retries 5xx and connection resets, which the SDK itself does not retry", async () => {
    const emu = await tenantWith([{ name: "Storefront" }]);
    try {
      emu.injectFaults([{ kind: "reset" }, { kind: "status", status: 503, body: { statusCode: 503 } }], isList);
      emu.injectFaults([{ kind: "reset" }, { kind: "status", status: 500, body: { statusCode: 500 } }], isPatch);
      const { results } = await run(connect(emu), storefront(["eu"]));
      assert.equal(results[0]!.status, "applied");
      assert.deepEqual(statuses(emu, "PATCH"), [0, 500, 200]);
      assert.deepEqual(ofField(emu, "Storefront").callbacks, ["https://eu.example.com/callback"]);
    } finally {
      await emu.close();
    }
  });

  it("reports a write that keeps losing its connection as a network error", async () => {
    const emu = await tenantWith([{ name: "Storefront" }]);
    try {
      const instances = storefront(["eu"]);
      const session = connect(emu, { session: { retries: 1 } });
      const { changes } = applications.plan(instances, await applications.observe(session, instances));
      emu.injectFaults([{ kind: "reset" }, { kind: "reset" }], isPatch);
      const result = await applications.apply(session, changes[0]!);
      assert.equal(result.status, "failed");
      assert.match(result.message ?? "", /network error/);
      assert.deepEqual(statuses(emu, "PATCH"), [0, 0]);
    } finally {
      await emu.close();
    }
  });

  it("retries a read that times out", async () => {
    const emu = await tenantWith([{ name: "Storefront" }]);
    try {
      emu.injectFaults([{ kind: "delay", ms: 1500 }], isList);
      const observation = await applications.observe(
        connect(emu, { session: { timeoutSeconds: 0.3 } }),
        storefront(["eu"]),
      );
      assert.equal(observation.state.apps.length, 1);
    } finally {
      await emu.close();
    }
  });

  it("keeps working under the emulator's rate limit", async () => {
    const clients = Array.from({ length: 250 }, (_, i) => ({ name: `App ${i}` }));
    const emu = await tenantWith([...clients, { name: "Storefront" }], { rateLimit: { perSecond: 200, burst: 3 } });
    try {
      // Real waits here: the pacer must hold requests back, or retries in a tight loop would all meet an empty bucket.
      const session = connect(emu, { session: { sleep: (ms) => new Promise((r) => setTimeout(r, ms)) } });
      const { results } = await run(session, storefront(["eu"]));
      assert.equal(results[0]!.status, "applied");
      assert.equal(emu.requests.filter((r) => r.status === 200 && isList(r)).length, 3);
    } finally {
      await emu.close();
    }
  });

  it("refused credentials fail connect-time calls with a message that names no secret", async () => {
    const emu = await tenantWith([{ name: "Storefront" }], {
      credentials: { clientId: "other", clientSecret: "other" },
    });
    try {
      const logger = recordingLogger();
      await assert.rejects(applications.observe(connect(emu, { logger }), storefront(["eu"])), (error: Error) => {
        assert.ok(!error.message.includes(SECRET));
        return true;
      });
      assert.ok(logger.lines.every((l) => !l.includes(SECRET)));
      assert.throws(
        () => connect(emu, { account: accountFor(emu, "auth0-us", { client_secret_env: "MISSING_SECRET" }) }),
        /environment variable MISSING_SECRET is not set/,
      );
    } finally {
      await emu.close();
    }
  });
});
