import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { type DatadogEmulator, startDatadogEmulator } from "../../emulators/datadog/index.js";
import { createJsonLogger } from "../../src/core/log.js";
import { type RequestCounter, RequestTally } from "../../src/core/request-counter.js";
import { DatadogApiError } from "../../src/providers/datadog/errors.js";
import { connectSession, type DatadogSession, type SessionTuning } from "../../src/providers/datadog/session.js";
import { connectOptions } from "../support/connect.js";
import { env } from "./harness.js";

const listOwned = (s: DatadogSession) =>
  s.monitors.list({ monitorTags: "managed-by:regionsync", page: 0, pageSize: 1000 });
const answered = (status: number) => (e: unknown) => e instanceof DatadogApiError && e.status === status;

function connect(url: string, tuning: SessionTuning = {}, lines: string[] = [], requests?: RequestCounter) {
  return connectSession(
    {
      account: {
        name: "datadog-us",
        provider: "datadog",
        endpoint: url,
        settings: { site: "datadoghq.com", api_key_env: "DD_US_API_KEY", app_key_env: "DD_US_APP_KEY" },
      },
      env,
      logger: createJsonLogger({ level: "debug", write: (l) => lines.push(l) }),
      ...connectOptions(),
      requests,
    },
    { sleep: async () => {}, ...tuning },
  );
}

describe("datadog transport", () => {
  let dd: DatadogEmulator;
  before(async () => {
    dd = await startDatadogEmulator({ keys: { apiKey: env.DD_US_API_KEY!, appKey: env.DD_US_APP_KEY! } });
  });
  after(() => dd.close());

  it("sends the org's keys and refuses wrong ones with 403", async () => {
    await listOwned(connect(dd.url));
    const wrong = connectSession(
      {
        account: {
          name: "x",
          provider: "datadog",
          endpoint: dd.url,
          settings: { site: "datadoghq.com", api_key_env: "A", app_key_env: "B" },
        },
        env: { A: "wrong-api-key", B: "wrong-app-key" },
        logger: createJsonLogger({ write: () => {} }),
        ...connectOptions(),
      },
      {},
    );
    await assert.rejects(listOwned(wrong), answered(403));
  });

  it("retries 5xx, 429 and dropped connections, then succeeds", async () => {
    dd.server.injectFaults([
      { kind: "status", status: 503 },
      { kind: "status", status: 429, headers: { "x-ratelimit-reset": "0" }, body: { errors: ["Too many requests"] } },
      { kind: "reset" },
    ]);
    dd.server.resetLog();
    const lines: string[] = [];
    const tally = new RequestTally();
    assert.deepEqual(await listOwned(connect(dd.url, {}, lines, tally.counterFor("datadog", "datadog-us"))), []);
    assert.deepEqual(
      dd.server.requests.map((r) => r.status),
      [503, 429, 0, 200],
    );
    assert.equal(lines.filter((l) => l.includes("datadog request retried")).length, 3);
    assert.deepEqual(tally.snapshot(), [
      { provider: "datadog", account: "datadog-us", requests: 4, retries: 3, rateLimited: 1 },
    ]);
  });

  it("says why a request got no answer: a TLS error, a refused connection", async () => {
    const plain = http.createServer((_req, res) => res.end("not tls"));
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    const { port } = plain.address() as AddressInfo;
    try {
      await assert.rejects(
        listOwned(connect(`https://127.0.0.1:${port}`, { retries: 0 })),
        /GET \/api\/v1\/monitor failed: ERR_SSL_WRONG_VERSION_NUMBER: wrong version number/,
      );
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
    await assert.rejects(
      listOwned(connect(`http://127.0.0.1:${port}`, { retries: 0 })),
      new RegExp(`GET /api/v1/monitor failed: connect ECONNREFUSED 127.0.0.1:${port}`),
    );
  });

  it("gives up after a bounded number of retries, with an error that names no key", async () => {
    dd.server.injectFaults(Array.from({ length: 3 }, () => ({ kind: "reset" as const })));
    dd.server.resetLog();
    const lines: string[] = [];
    await assert.rejects(listOwned(connect(dd.url, { retries: 2 }, lines)), (e: Error) => {
      assert.match(e.message, /GET \/api\/v1\/monitor failed/);
      return true;
    });
    assert.equal(dd.server.requests.filter((r) => r.path === "/api/v1/monitor").length, 3);
    const text = lines.join("");
    assert.ok(!text.includes(env.DD_US_API_KEY!) && !text.includes(env.DD_US_APP_KEY!));
  });

  it("does not resend a notification rule create whose answer was lost: Datadog would keep both", async () => {
    dd.server.injectFaults(
      [{ kind: "reset" }],
      (req) => req.method === "POST" && req.path.endsWith("notification_rule"),
    );
    dd.server.resetLog();
    const { rules } = connect(dd.url);
    await assert.rejects(
      rules.create({ name: "r", filter: { scope: "a:b" }, recipients: ["x"] }),
      /POST \/api\/v2\/monitor\/notification_rule failed/,
    );
    assert.equal(dd.server.requests.filter((r) => r.path.endsWith("notification_rule")).length, 1);
  });

  it("hands a persistent 5xx to the SDK, whose error keeps its status", async () => {
    dd.server.injectFaults(Array.from({ length: 2 }, () => ({ kind: "status" as const, status: 502 })));
    await assert.rejects(listOwned(connect(dd.url, { retries: 1 })), answered(502));
  });

  // Last in this group: the emulator logs the abandoned request when its delay ends.
  it("times out a request that hangs and retries it (the SDK has no timeout)", async () => {
    dd.server.injectFaults([{ kind: "delay", ms: 500 }]);
    assert.deepEqual(await listOwned(connect(dd.url, { timeoutMs: 100 })), []);
  });
});

describe("datadog transport pacing", () => {
  let dd: DatadogEmulator;
  before(async () => {
    dd = await startDatadogEmulator({ rateLimit: { limit: 10, periodSeconds: 1 } });
  });
  after(() => dd.close());

  it("slows down on x-ratelimit-remaining instead of running into 429s", async () => {
    const session = connect(dd.url, { sleep: undefined });
    for (let i = 0; i < 18; i++) await listOwned(session);
    assert.equal(dd.server.requests.filter((r) => r.status === 429).length, 0);
    assert.equal(dd.server.requests.length, 18);
  });
});

describe("datadog transport write concurrency", () => {
  let dd: DatadogEmulator;
  let proxy: http.Server;
  let url = "";
  let inFlight = 0;
  let peak = 0;
  before(async () => {
    dd = await startDatadogEmulator({ latencyMs: 20 });
    const upstream = new URL(dd.url);
    // Counts requests in flight between the SDK and the emulator.
    proxy = http.createServer((req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res).on("finish", () => {
            inFlight -= 1;
          });
        },
      );
      req.pipe(out);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  after(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    await dd.close();
  });

  it("keeps at most 8 writes in flight however many are started", async () => {
    const session = connect(url);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        session.monitors.create({
          name: `m${i}`,
          type: "query alert",
          query: `avg(last_5m):avg:system.load.1{host:h${i}} > 2`,
          message: "load",
        }),
      ),
    );
    assert.equal(dd.org.monitors.size, 40);
    assert.ok(peak <= 8, `peak ${peak}`);
    assert.ok(peak > 1, "writes do run concurrently");
  });
});
