/**
 * A stateful Auth0 Management API v2 on loopback: the client-credentials token endpoint; list, get, create, update
 * and delete of applications with the real response shapes (a client's secret only for a token with
 * `read:client_keys`); requests validated against the official description plus the rules
 * it lacks (`rules.ts`); `x-ratelimit-*` headers (reset in epoch seconds) on every response; a configurable rate limit
 * and injectable faults from the common harness.
 */
import { randomBytes } from "node:crypto";
import { loadOpenApiValidator, type OpenApiValidator } from "../common/openapi.js";
import {
  type Emulator,
  type EmulatorOptions,
  type EmulatorRequest,
  type EmulatorResponse,
  startEmulator,
  type VendorBehaviour,
} from "../common/server.js";
import { bodyProblems, isCallbackUrl, isHttpsUriOrEmpty, isUrlWithPlaceholders } from "./rules.js";
import { type Client, project, Tenant } from "./tenant.js";

export { type Client, Tenant } from "./tenant.js";

export const ALL_SCOPES = ["read:clients", "update:clients", "create:clients", "delete:clients", "read:client_keys"];

export interface Auth0EmulatorOptions extends EmulatorOptions {
  /** The tenant's domain; clients carry its first label as `tenant`. */
  domain?: string;
  /** When set, the token endpoint refuses any other `audience` (the SDK sends `https://DOMAIN/api/v2/`). */
  audience?: string;
  /** When set, only these credentials get a token; otherwise any non-empty pair does. */
  credentials?: { clientId: string; clientSecret: string };
  /** Scopes granted to issued tokens. */
  scopes?: string[];
  /** Static tokens accepted as is (for `token_env` accounts), with their scopes. */
  tokens?: Record<string, string[]>;
  /** Applications present at start, besides the global "All Applications" client. */
  clients?: Array<Record<string, unknown> & { name: string }>;
}

export type Auth0Emulator = Emulator & { tenant: Tenant; domain: string };

const API = "/api/v2";

const error = (statusCode: number, errorName: string, message: string, errorCode: string): EmulatorResponse => ({
  status: statusCode,
  body: { statusCode, error: errorName, message, errorCode },
});

export async function startAuth0Emulator(opts: Auth0EmulatorOptions = {}): Promise<Auth0Emulator> {
  const domain = opts.domain ?? "tenant.auth0.test";
  const tenant = new Tenant(domain.split(".")[0]!);
  tenant.create({ name: "All Applications", global: true, callbacks: [] });
  for (const client of opts.clients ?? []) tenant.create(client);
  const tokens = new Map<string, string[]>(Object.entries(opts.tokens ?? {}));

  const validator = await sharedValidator();

  const issueToken = (req: EmulatorRequest): EmulatorResponse => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const id = String(body.client_id ?? "");
    const secret = String(body.client_secret ?? "");
    if (body.grant_type !== "client_credentials") {
      return { status: 400, body: { error: "unsupported_grant_type", error_description: "Unsupported grant type" } };
    }
    const known = opts.credentials
      ? id === opts.credentials.clientId && secret === opts.credentials.clientSecret
      : id !== "" && secret !== "";
    if (!known) return { status: 401, body: { error: "access_denied", error_description: "Unauthorized" } };
    if (opts.audience !== undefined && body.audience !== opts.audience) {
      return { status: 403, body: { error: "access_denied", error_description: "Service not enabled within domain" } };
    }
    const scopes = opts.scopes ?? ALL_SCOPES;
    const token = randomBytes(24).toString("base64url");
    tokens.set(token, scopes);
    return {
      status: 200,
      body: { access_token: token, scope: scopes.join(" "), expires_in: 86400, token_type: "Bearer" },
    };
  };

  const required: Record<string, string> = {
    get_clients: "read:clients",
    get_clients_by_id: "read:clients",
    post_clients: "create:clients",
    patch_clients_by_id: "update:clients",
    delete_clients_by_id: "delete:clients",
  };
  const scopesOf = (req: EmulatorRequest) => tokens.get(String(req.headers.authorization ?? "").slice(7)) ?? [];
  /** Auth0 returns a client's secret only to a token that may read client keys. */
  const shown = (req: EmulatorRequest, client: Record<string, unknown>) => {
    if (scopesOf(req).includes("read:client_keys")) return client;
    const { client_secret: _secret, ...rest } = client;
    return rest;
  };

  const notFound = () => error(404, "Not Found", "The client does not exist", "inexistent_client");

  const vendor: VendorBehaviour = {
    name: "auth0",
    validator,
    manualRoutes: [{ method: "POST", path: "/oauth/token", operationId: "oauth_token", handler: issueToken }],
    authenticate(req) {
      if (req.operationId === "oauth_token") return undefined;
      const header = String(req.headers.authorization ?? "");
      const scopes = header.startsWith("Bearer ") ? tokens.get(header.slice(7)) : undefined;
      if (!header) return error(401, "Unauthorized", "Missing authentication", "missing_authentication");
      if (!scopes) return error(401, "Unauthorized", "Invalid token", "invalid_token");
      const need = required[req.operationId ?? ""];
      if (need && !scopes.includes(need)) {
        return error(403, "Forbidden", `Insufficient scope, expected any of: ${need}`, "insufficient_scope");
      }
      return undefined;
    },
    rateLimitHeaders: (state) => ({
      "x-ratelimit-limit": String(state.limit),
      "x-ratelimit-remaining": String(state.remaining),
      "x-ratelimit-reset": String(Math.ceil(state.resetAt / 1000)),
    }),
    rateLimited: () => error(429, "Too Many Requests", "Global limit has been reached", "too_many_requests"),
    invalidRequest(req, errors) {
      const inQuery = errors.every((e) => e.startsWith("/query") || e.includes("query"));
      const detail = errors
        .join("; ")
        .replace(/must NOT have additional properties/g, "Additional properties not allowed:");
      return inQuery && req.method === "GET"
        ? error(400, "Bad Request", `Query validation error: '${detail}'`, "invalid_query_string")
        : error(400, "Bad Request", `Payload validation error: '${detail}'`, "invalid_body");
    },
    notFound: (req) => error(404, "Not Found", `Not Found: ${req.method} ${req.path}`, "not_found"),
    handlers: {
      get_clients(req) {
        const q = req.query;
        let list = [...tenant.clients.values()];
        if (q.has("is_global")) list = list.filter((c) => Boolean(c.global) === (q.get("is_global") === "true"));
        if (q.has("is_first_party")) {
          list = list.filter((c) => Boolean(c.is_first_party) === (q.get("is_first_party") === "true"));
        }
        const appTypes = q.get("app_type")?.split(",");
        if (appTypes) list = list.filter((c) => appTypes.includes(String(c.app_type)));
        const page = Number(q.get("page") ?? 0);
        const perPage = Number(q.get("per_page") ?? 50);
        const includeFields = q.get("include_fields") !== "false";
        const clients = list
          .slice(page * perPage, page * perPage + perPage)
          .map((c) => shown(req, project(structuredClone(c), q.get("fields"), includeFields)));
        if (q.get("include_totals") === "true") {
          return { status: 200, body: { start: page * perPage, limit: perPage, total: list.length, clients } };
        }
        return { status: 200, body: clients };
      },
      get_clients_by_id(req) {
        const client = tenant.get(req.params.id ?? "");
        if (!client) return notFound();
        return {
          status: 200,
          body: shown(req, project(client, req.query.get("fields"), req.query.get("include_fields") !== "false")),
        };
      },
      post_clients(req) {
        const body = req.body as Record<string, unknown> & { name: string };
        const problems = bodyProblems(body, {});
        if (problems.length > 0) return invalid(problems);
        return { status: 201, body: tenant.create(body) };
      },
      delete_clients_by_id(req) {
        return tenant.remove(req.params.id ?? "") ? { status: 204 } : notFound();
      },
      patch_clients_by_id(req) {
        const current = tenant.get(req.params.id ?? "");
        if (!current) return notFound();
        const body = (req.body ?? {}) as Record<string, unknown>;
        const problems = bodyProblems(body, current.client_metadata as Record<string, string>);
        if (problems.length > 0) return invalid(problems);
        return { status: 200, body: tenant.update(current.client_id, body) as Client };
      },
    },
  };

  const emulator = await startEmulator(vendor, opts);
  return Object.assign(emulator, { tenant, domain });
}

/** Compiling the description takes most of a second; every emulator in a process shares one validator. */
let validatorPromise: Promise<OpenApiValidator> | undefined;
function sharedValidator(): Promise<OpenApiValidator> {
  validatorPromise ??= loadOpenApiValidator("auth0-management-v2.pruned.json", {
    quick: true,
    formats: {
      "callback-url": isCallbackUrl,
      "url-with-placeholders": isUrlWithPlaceholders,
      "absolute-https-uri-with-placeholders-or-empty": isHttpsUriOrEmpty,
      url: true,
      "url-or-null": true,
      "absolute-uri-or-empty": true,
      "absolute-https-uri-or-empty": isHttpsUriOrEmpty,
      "ec-initiate-login-uri-template-url": true,
      "client-id": true,
      "organization-id": true,
      "credential-id": true,
      "connection-profile-id": true,
      "user-attribute-profile-id": true,
    },
    // The description's paths are relative to `https://TENANT/api/v2`.
    fix(doc) {
      const paths = doc.paths as Record<string, unknown>;
      doc.paths = Object.fromEntries(Object.entries(paths).map(([p, v]) => [`${API}${p}`, v]));
    },
  });
  return validatorPromise;
}

const invalid = (problems: string[]) =>
  error(400, "Bad Request", `Payload validation error: '${problems.join("; ")}'`, "invalid_body");
