/**
 * A stateful Datadog API on loopback, for the official SDK pointed at it with `baseServer`: monitors, PagerDuty and
 * Opsgenie services, monitor notification rules, the IP allowlist and metric tags, with Datadog's key headers,
 * `x-ratelimit-*` headers and a calendar-aligned rate-limit window. Requests are validated against the official v1
 * and v2 descriptions.
 */

import { loadOpenApiValidator, type OpenApiValidator } from "../common/openapi.js";
import type { FixedWindowOptions, RateLimitOptions, RateLimitState } from "../common/rate-limit.js";
import { type Emulator, type EmulatorOptions, type EmulatorRequest, startEmulator } from "../common/server.js";
import { errors, monitorHandlers } from "./monitors.js";
import { networkHandlers } from "./network.js";
import { DatadogOrg } from "./org.js";
import { pagingHandlers } from "./paging.js";

export { DatadogOrg } from "./org.js";

export interface DatadogEmulatorOptions extends Omit<EmulatorOptions, "rateLimit"> {
  /** Exact keys to require; by default any non-empty pair is accepted. */
  keys?: { apiKey: string; appKey: string };
  rateLimit?: RateLimitOptions | FixedWindowOptions;
  /** A pre-seeded org; a new empty one by default. */
  org?: DatadogOrg;
}

export interface DatadogEmulator {
  url: string;
  org: DatadogOrg;
  /** The harness: request log, faults, latency, rate limit. */
  server: Emulator;
  close(): Promise<void>;
}

/** One router over both descriptions: each operation lives in exactly one of them. */
function either(a: OpenApiValidator, b: OpenApiValidator): OpenApiValidator {
  const pick = (req: EmulatorRequest) => (req.path.startsWith("/api/v2/") ? b : a);
  return {
    match: (req) => pick(req).match(req),
    validate: (req) => pick(req).validate(req),
  };
}

let validators: Promise<OpenApiValidator> | undefined;

/** The descriptions take a while to compile; every emulator in a process shares them. */
function datadogValidator(): Promise<OpenApiValidator> {
  // `quick` skips checking the descriptions themselves (5 s for v1; v2 fails it upstream); requests are still validated.
  validators ??= Promise.all([
    loadOpenApiValidator("datadog-v1.pruned.yaml", { quick: true }),
    loadOpenApiValidator("datadog-v2.pruned.yaml", { quick: true }),
  ]).then(([v1, v2]) => either(v1, v2));
  return validators;
}

const header = (req: EmulatorRequest, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export async function startDatadogEmulator(opts: DatadogEmulatorOptions = {}): Promise<DatadogEmulator> {
  const org = opts.org ?? new DatadogOrg();
  const now = () => new Date();
  const period = opts.rateLimit && "periodSeconds" in opts.rateLimit ? opts.rateLimit.periodSeconds : 10;
  const server = await startEmulator(
    {
      name: "datadog",
      validator: await datadogValidator(),
      handlers: { ...monitorHandlers(org), ...pagingHandlers(org, now), ...networkHandlers(org, now) },
      authenticate(req) {
        const apiKey = header(req, "dd-api-key");
        const appKey = header(req, "dd-application-key");
        const apiOnly = req.operationId === "Validate";
        if (!apiKey || (!apiOnly && !appKey)) return errors(403, "Forbidden");
        if (opts.keys && (apiKey !== opts.keys.apiKey || (!apiOnly && appKey !== opts.keys.appKey))) {
          return errors(403, "Forbidden");
        }
        return undefined;
      },
      rateLimitHeaders: (state: RateLimitState) => ({
        "x-ratelimit-limit": String(state.limit),
        "x-ratelimit-period": String(period),
        "x-ratelimit-remaining": String(state.remaining),
        "x-ratelimit-reset": String(Math.max(0, Math.ceil((state.resetAt - Date.now()) / 1000))),
        "x-ratelimit-name": "monitors",
      }),
      rateLimited: () => errors(429, "Too many requests"),
      invalidRequest: (_req, problems) => errors(400, ...problems),
      notFound: () => errors(404, "Not found"),
    },
    { ...opts, rateLimit: opts.rateLimit },
  );
  return { url: server.url, org, server, close: () => server.close() };
}
