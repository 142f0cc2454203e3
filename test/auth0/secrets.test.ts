/**
 * Credentials in Auth0 sessions: the access token obtained at run time is registered for redaction before anything
 * could print it, and answers that repeat the request (as some gateways do) reach no output whole.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Fault } from "../../emulators/common/server.js";
import { Redactor } from "../../src/core/log.js";
import { createAuth0Session } from "../../src/providers/auth0/session.js";
import { connectOptions } from "../support/connect.js";
import { accountFor, applications, connect, fast, recordingLogger, storefront, tenantWith } from "./helpers.js";

/** A client secret whose encoded forms all differ from it. */
const SECRET = 'cs+canary/value=1&2 "q" %41';
const env = { AUTH0_CLIENT_ID: "regionsync-m2m", AUTH0_CLIENT_SECRET: SECRET };

const isToken = (r: { path: string }) => r.path === "/oauth/token";
const isPatch = (r: { method: string }) => r.method === "PATCH";

/** The bearer credentials the emulator received: tokens regionsync obtained at run time. */
const bearers = (emu: { requests: Array<{ headers?: Record<string, unknown> }> }) => [
  ...new Set(
    emu.requests.flatMap((r) => {
      const header = String(r.headers?.authorization ?? "");
      return header.startsWith("Bearer ") ? [header.slice(7)] : [];
    }),
  ),
];

const encodings = (value: string) => [
  value,
  encodeURIComponent(value),
  new URLSearchParams({ v: value }).toString().slice(2),
  JSON.stringify(value).slice(1, -1),
  Buffer.from(value).toString("base64"),
];

describe("auth0: credentials", () => {
  it("registers the access token it obtains, so a failure that repeats it prints it nowhere", async () => {
    const emu = await tenantWith([{ name: "Storefront" }]);
    try {
      const redactor = new Redactor();
      const session = connect(emu, { env, secrets: redactor });
      const instances = storefront(["eu"]);
      const { changes } = applications.plan(instances, await applications.observe(session, instances));
      const [token] = bearers(emu);
      assert.ok(token, "a token was obtained at run time");
      emu.injectFaults([{ kind: "echo", status: 400 }], isPatch);
      const result = await applications.apply(session, changes[0]!);
      assert.equal(result.status, "failed");
      assert.match(result.message ?? "", /HTTP 400 request_echoed: refused credential/);
      assert.ok(!(result.message ?? "").includes("user-agent"), "headers beyond the first line are never shown");
      const shown = redactor.redact(result.message ?? "");
      for (const form of encodings(token)) assert.ok(!shown.includes(form), shown);
    } finally {
      await emu.close();
    }
  });

  it("a refused token request that echoes its form body shows no form of the client secret", async () => {
    const emu = await tenantWith([{ name: "Storefront" }]);
    try {
      const logger = recordingLogger();
      const session = connect(emu, { env, logger });
      emu.injectFaults([{ kind: "echo", status: 401 }], isToken);
      await assert.rejects(applications.observe(session, storefront(["eu"])), (error: Error) => {
        assert.match(error.message, /^HTTP 401 request_echoed: refused credential .*client_secret=\*\*\*/);
        for (const form of encodings(SECRET)) assert.ok(!error.message.includes(form), error.message);
        return true;
      });
      for (const line of logger.lines) for (const form of encodings(SECRET)) assert.ok(!line.includes(form), line);
    } finally {
      await emu.close();
    }
  });

  it("waits as long as a 429 from /oauth/token asks with Retry-After", async () => {
    const emu = await tenantWith([{ name: "Storefront" }]);
    try {
      const waits: number[] = [];
      const session = connect(emu, {
        env,
        session: { maxDelayMs: 60_000, sleep: async (ms) => void waits.push(ms) },
      });
      const limited: Fault = {
        kind: "status",
        status: 429,
        body: { error: "too_many_requests", error_description: "Too many token requests" },
        headers: { "retry-after": "7" },
      };
      emu.injectFaults([limited], isToken);
      const observation = await applications.observe(session, storefront(["eu"]));
      assert.equal(observation.state.apps.length, 1);
      assert.deepEqual(
        emu.requests.filter(isToken).map((r) => r.status),
        [429, 200],
      );
      assert.ok(waits.includes(7000), `waited ${waits.join(", ")} ms`);
    } finally {
      await emu.close();
    }
  });

  it("cuts a request at the timeout the operator set, and retries it", async () => {
    const emu = await tenantWith([{ name: "Storefront" }]);
    try {
      const ctx = {
        account: accountFor(emu),
        env,
        logger: recordingLogger(),
        ...connectOptions({ requestTimeoutMs: 250 }),
      };
      // The test's fast retries, but no timeout of its own: the connect context's applies.
      const { timeoutSeconds: _ignored, ...noTimeout } = fast;
      const session = createAuth0Session(ctx, noTimeout);
      // A hang far longer than any run: only the timeout can end it in time.
      emu.injectFaults([{ kind: "delay", ms: 120_000 }], (r) => r.method === "GET" && r.path === "/api/v2/clients");
      const started = Date.now();
      const observation = await applications.observe(session, storefront(["eu"]));
      assert.equal(observation.state.apps.length, 1);
      assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms: the hang was waited out`);
    } finally {
      await emu.close();
    }
  });
});
