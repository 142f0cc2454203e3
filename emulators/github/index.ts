/**
 * A stateful GitHub REST subset on loopback for `@octokit/rest` pointed at it with `baseUrl`: org and repo webhooks,
 * deployment environments, Actions variables, environment secrets and their public key, issue comments, app
 * endpoints, file contents, git refs and pull requests, and (GraphQL) the organization IP allow list. Link-header pagination, masked webhook secrets, `x-ratelimit-*` headers, and primary and secondary
 * rate-limit answers as GitHub sends them. Requests are validated against the official description.
 */
import { loadOpenApiValidator, type OpenApiValidator } from "../common/openapi.js";
import type { RateLimitState } from "../common/rate-limit.js";
import {
  type Emulator,
  type EmulatorOptions,
  type EmulatorRequest,
  type Fault,
  startEmulator,
} from "../common/server.js";
import { appHandlers } from "./apps.js";
import { commentHandlers } from "./comments.js";
import { contentHandlers } from "./contents.js";
import { environmentHandlers, extraRoutes } from "./environments.js";
import { webhookHandlers } from "./hooks.js";
import { error } from "./http.js";
import { identities } from "./identity.js";
import { graphqlRoute } from "./ip-allow-list.js";
import { GitHubOrg } from "./org.js";

export { MAX_COMMENT_CHARS } from "./comments.js";
export { GitHubOrg } from "./org.js";

export interface GitHubEmulatorOptions extends EmulatorOptions {
  /** A pre-seeded organization; an empty `example-corp` by default. */
  org?: GitHubOrg;
  /** When set, only these tokens are accepted; otherwise any non-empty token is. */
  tokens?: string[];
  /** Who each person's token belongs to (token → login); `octocat` for any other non-installation token. */
  users?: Record<string, string>;
}

export interface GitHubEmulator {
  url: string;
  org: GitHubOrg;
  /** The harness: request log, faults, latency, rate limit. */
  server: Emulator;
  close(): Promise<void>;
}

/** The two upstream defects `vendor-specs/README.md` describes, fixed in memory before Ajv compiles the schemas. */
function fixDescription(doc: Record<string, unknown>): void {
  const schemas = (
    doc.components as { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> }
  ).schemas;
  const account = schemas.installation!.properties.account!;
  const { nullable: _nullable, ...rest } = account;
  schemas.installation!.properties.account = { anyOf: [rest, { enum: [null] }] };
  const conclusion = schemas["check-run"]!.properties.conclusion as { enum: unknown[] };
  if (!conclusion.enum.includes(null)) conclusion.enum.push(null);
}

let validator: Promise<OpenApiValidator> | undefined;

/** Compiling the description takes a while; every emulator in a process shares it. */
function githubValidator(): Promise<OpenApiValidator> {
  // `quick` skips re-checking the description itself (seconds); every request is still validated against it.
  validator ??= loadOpenApiValidator("github-rest.pruned.json", { quick: true, fix: fixDescription });
  return validator;
}

/** GitHub's answer when a request exceeds the secondary rate limit (octokit's throttling plugin keys on the words). */
export function secondaryRateLimit(retryAfterSeconds = 1): Fault {
  return {
    kind: "status",
    status: 403,
    body: {
      message:
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
      documentation_url:
        "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
    },
    headers: { "retry-after": String(retryAfterSeconds) },
  };
}

/** GitHub's answer when the primary (hourly) limit is used up: 403 with `x-ratelimit-remaining: 0`. */
export function primaryRateLimit(resetInSeconds = 1, now = Date.now()): Fault {
  return {
    kind: "status",
    status: 403,
    body: {
      message: "API rate limit exceeded for installation ID 1.",
      documentation_url:
        "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-primary-rate-limits",
    },
    headers: rateHeaders({ limit: 5000, remaining: 0, resetAt: now + resetInSeconds * 1000, retryAfterMs: 0 }),
  };
}

function rateHeaders(state: RateLimitState): Record<string, string> {
  return {
    "x-ratelimit-limit": String(state.limit),
    "x-ratelimit-remaining": String(state.remaining),
    "x-ratelimit-used": String(state.limit - state.remaining),
    "x-ratelimit-reset": String(Math.ceil(state.resetAt / 1000)),
    "x-ratelimit-resource": "core",
  };
}

const APP_ROUTES = /^\/app(\/|$)/;

export async function startGitHubEmulator(opts: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  const org = opts.org ?? (await GitHubOrg.create());
  let url = "";
  const baseUrl = () => url;
  const tokens = opts.tokens ? new Set(opts.tokens) : undefined;
  const who = identities(org, opts.users);
  const server = await startEmulator(
    {
      name: "github",
      validator: await githubValidator(),
      handlers: {
        ...webhookHandlers(org, baseUrl),
        ...environmentHandlers(org, baseUrl),
        ...commentHandlers(org, baseUrl, who.of),
        ...appHandlers(org),
        ...contentHandlers(org, baseUrl),
        ...who.handlers,
      },
      manualRoutes: [...extraRoutes(org), graphqlRoute(org)],
      authenticate(req: EmulatorRequest) {
        const header = String(req.headers.authorization ?? "");
        const m = /^(token|bearer)\s+(\S+)$/i.exec(header);
        if (!m) return error(401, "Requires authentication");
        const credential = m[2]!;
        const isJwt = credential.split(".").length === 3;
        // App JWTs only open /app routes and the token mint; everything else needs an installation or user token.
        const jwtRoute = APP_ROUTES.test(req.path);
        if (jwtRoute !== isJwt) {
          return error(401, isJwt ? "A JSON web token could not be decoded" : "Bad credentials");
        }
        if (!isJwt && tokens && !tokens.has(credential) && !credential.startsWith("ghs_emulated")) {
          return error(401, "Bad credentials");
        }
        return undefined;
      },
      rateLimitHeaders: rateHeaders,
      rateLimited: (state) => ({
        status: 403,
        body: {
          message: "API rate limit exceeded for user ID 1.",
          documentation_url:
            "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-primary-rate-limits",
        },
        headers: { ...rateHeaders(state), "x-ratelimit-remaining": "0" },
      }),
      invalidRequest: (_req, errors) =>
        error(422, `Invalid request.\n\n${errors.join("\n")}`, { errors: errors.map((message) => ({ message })) }),
      notFound: () => error(404, "Not Found"),
    },
    opts,
  );
  url = server.url;
  return { url, org, server, close: () => server.close() };
}
