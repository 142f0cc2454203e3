/**
 * The loopback HTTP server every vendor emulator is built on: routing by OpenAPI operation (or by hand for paths the
 * vendor's description lacks), request validation, a request log, latency, a token-bucket rate limit and injectable
 * faults. Imports nothing from `src/`, so the emulators cannot mirror the product's bugs.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { echo, type Fault, hangFor } from "./faults.js";
import {
  createLimiter,
  type FixedWindowOptions,
  type RateLimiter,
  type RateLimitOptions,
  type RateLimitState,
} from "./rate-limit.js";
import { type CompiledRoute, compileRoute, type ManualRoute } from "./routes.js";
import type { EmulatorRequest, EmulatorResponse, Handler, OpenApiValidator } from "./types.js";

export type { Fault } from "./faults.js";
export type { ManualRoute } from "./routes.js";
export type { EmulatorRequest, EmulatorResponse, Handler } from "./types.js";

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  operationId?: string;
  status: number;
  /** Request body as received, for assertions on what the SDK sent. */
  body?: unknown;
  /** Request headers as received, credentials included, so tests know every credential that was sent. */
  headers?: http.IncomingHttpHeaders;
  /** When it arrived (epoch milliseconds), before latency and rate limit. */
  at: number;
}

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Added to every response, to model network and vendor latency. */
  latencyMs?: number;
  rateLimit?: RateLimitOptions | FixedWindowOptions;
}

export interface VendorBehaviour {
  name: string;
  validator?: OpenApiValidator;
  handlers: Record<string, Handler>;
  manualRoutes?: ManualRoute[];
  /** Checks credentials; returns a response to refuse the request, or undefined to let it through. */
  authenticate?(req: EmulatorRequest): EmulatorResponse | undefined;
  /** Vendor-specific rate-limit headers added to every response. */
  rateLimitHeaders?(state: RateLimitState): Record<string, string>;
  /** The vendor's answer when the rate limit is exceeded. */
  rateLimited(state: RateLimitState): EmulatorResponse;
  /** The vendor's answer to a request its description rejects. */
  invalidRequest(req: EmulatorRequest, errors: string[]): EmulatorResponse;
  notFound(req: EmulatorRequest): EmulatorResponse;
  /** Operations that do not count against the rate limit (e.g. GitHub's `GET /rate_limit`). */
  unmetered?: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A running emulator. Tests read `requests` and push `faults`; `close()` stops it. */
export class Emulator {
  readonly requests: LoggedRequest[] = [];
  private readonly faults: Array<{ match?: (req: EmulatorRequest) => boolean; fault: Fault }> = [];
  private readonly arrivals: Array<(req: EmulatorRequest) => void> = [];
  private readonly routes: CompiledRoute[];
  private readonly server: http.Server;
  private bucket: RateLimiter | undefined;
  latencyMs: number;
  url = "";

  constructor(
    private readonly vendor: VendorBehaviour,
    opts: EmulatorOptions = {},
  ) {
    this.latencyMs = opts.latencyMs ?? 0;
    this.bucket = createLimiter(opts.rateLimit);
    this.routes = (vendor.manualRoutes ?? []).map(compileRoute);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: "emulator failure", message: String(err) }));
        }
      });
    });
    this.server.keepAliveTimeout = 5000;
  }

  /** Rejects when the port is taken (the error's `code` is EADDRINUSE), rather than crashing the process. */
  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const { port: actual } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${actual}`;
    return this;
  }

  /** Queues faults answered, in order, to the next requests that `match` (all requests when omitted). */
  injectFaults(faults: Fault[], match?: (req: EmulatorRequest) => boolean): void {
    for (const fault of faults) this.faults.push({ fault, match });
  }

  /** Calls `listener` on each request's arrival, before faults and handler: a test acts there as a person would. */
  onArrival(listener: (req: EmulatorRequest) => void): void {
    this.arrivals.push(listener);
  }

  setRateLimit(rateLimit: RateLimitOptions | FixedWindowOptions | undefined): void {
    this.bucket = createLimiter(rateLimit);
  }

  /** Requests other than reads: what "observe and plan send no writes" is checked against. */
  writes(): LoggedRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && r.method !== "HEAD" && !isReadOnlyPost(r));
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private match(method: string, path: string): { route?: CompiledRoute; params: Record<string, string> } {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (m) {
        const params: Record<string, string> = {};
        route.names.forEach((n, i) => {
          params[n] = decodeURIComponent(m[i + 1]!);
        });
        return { route, params };
      }
    }
    return { params: {} };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://emulator");
    const contentType = String(req.headers["content-type"] ?? "");
    let body: unknown;
    if (rawBody.length > 0) {
      if (contentType.includes("application/x-www-form-urlencoded")) {
        body = Object.fromEntries(new URLSearchParams(rawBody));
      } else {
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = rawBody;
        }
      }
    }
    const request: EmulatorRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      rawBody,
      params: {},
    };

    let cut = false;
    const respond = async (out: EmulatorResponse) => {
      this.requests.push({
        method: request.method,
        path: request.path,
        query: url.search,
        operationId: request.operationId,
        status: out.status,
        body: request.body,
        headers: request.headers,
        at,
      });
      if (cut) {
        req.socket.destroy();
        return;
      }
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      const headers: Record<string, string> = { ...(out.headers ?? {}) };
      if (out.body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
      res.writeHead(out.status, headers);
      res.end(out.body === undefined ? undefined : JSON.stringify(out.body));
    };

    const manual = this.match(request.method, request.path);
    if (manual.route) {
      request.params = manual.params;
      request.operationId = manual.route.operationId;
    } else if (this.vendor.validator) {
      const matched = this.vendor.validator.match(request);
      if (matched) {
        request.operationId = matched.operationId;
        request.params = matched.params;
      }
    }

    for (const listener of this.arrivals) listener(request);

    const faultIndex = this.faults.findIndex((f) => !f.match || f.match(request));
    if (faultIndex >= 0) {
      const [{ fault }] = this.faults.splice(faultIndex, 1) as [{ fault: Fault }];
      if (fault.kind === "reset") {
        this.requests.push({ method: request.method, path: request.path, query: url.search, status: 0, at });
        req.socket.destroy();
        return;
      }
      if (fault.kind === "delay") {
        await hangFor(fault.ms, res);
      } else if (fault.kind === "cut") {
        cut = true;
      } else if (fault.kind === "echo") {
        await respond({ status: fault.status, body: echo(request, url.search) });
        return;
      } else {
        await respond({ status: fault.status, body: fault.body, headers: fault.headers });
        return;
      }
    }

    if (!request.operationId) {
      await respond(this.vendor.notFound(request));
      return;
    }

    const unmetered = this.vendor.unmetered?.includes(request.operationId) ?? false;
    let rateHeaders: Record<string, string> = {};
    if (this.bucket && !unmetered) {
      const { allowed, state } = this.bucket.take();
      rateHeaders = this.vendor.rateLimitHeaders?.(state) ?? {};
      if (!allowed) {
        const limited = this.vendor.rateLimited(state);
        await respond({ ...limited, headers: { ...rateHeaders, ...(limited.headers ?? {}) } });
        return;
      }
    } else if (this.vendor.rateLimitHeaders) {
      rateHeaders = this.vendor.rateLimitHeaders({
        limit: 1000,
        remaining: 1000,
        resetAt: Date.now() + 1000,
        retryAfterMs: 0,
      });
    }

    const refused = this.vendor.authenticate?.(request);
    if (refused) {
      await respond({ ...refused, headers: { ...rateHeaders, ...(refused.headers ?? {}) } });
      return;
    }

    if (!manual.route && this.vendor.validator) {
      const errors = this.vendor.validator.validate(request);
      if (errors.length > 0) {
        const invalid = this.vendor.invalidRequest(request, errors);
        await respond({ ...invalid, headers: { ...rateHeaders, ...(invalid.headers ?? {}) } });
        return;
      }
    }

    const handler = manual.route?.handler ?? this.vendor.handlers[request.operationId];
    if (!handler) {
      await respond(this.vendor.notFound(request));
      return;
    }
    const out = await handler(request);
    await respond({ ...out, headers: { ...rateHeaders, ...(out.headers ?? {}) } });
  }
}

/** POSTs that only validate, exchange credentials or run a GraphQL query: they change no vendor state. */
function isReadOnlyPost(r: LoggedRequest): boolean {
  if (r.method !== "POST") return false;
  if (r.path === "/graphql")
    return !/^\s*mutation\b/.test(String((r.body as { query?: unknown } | undefined)?.query ?? ""));
  return /validate|\/oauth\/token|access_tokens/.test(r.path);
}

export async function startEmulator(vendor: VendorBehaviour, opts: EmulatorOptions = {}): Promise<Emulator> {
  return new Emulator(vendor, opts).listen(opts.port ?? 0);
}
