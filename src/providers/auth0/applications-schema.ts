/** The declared shape of an Auth0 application's URLs, and what observe keeps of one. */
import { z } from "zod";

/**
 * The application-level ownership marker: `client_metadata.regionsync_created = "1"` on an application regionsync
 * created. Only such an application is ever deleted, and only once no declaration names it.
 */
export const CREATED_KEY = "regionsync_created";

export function isCreated(meta: Readonly<Record<string, string>>): boolean {
  return meta[CREATED_KEY] === "1";
}

/** The URL lists regionsync merges into; each is shared with people and other tools. */
export const URL_FIELDS = ["callbacks", "allowed_logout_urls", "web_origins", "allowed_origins"] as const;
export type UrlField = (typeof URL_FIELDS)[number];

/** Auth0's own limit per list, absent from the OpenAPI description. */
export const MAX_URLS_PER_LIST = 100;

const urlList = z.array(z.string().min(1)).describe("URLs regionsync makes sure are present; others are left alone.");

export const applicationSchema = z.strictObject({
  client_id: z
    .string()
    .min(1)
    .optional()
    .describe("Match the application by client_id instead of by its (unique) name."),
  callbacks: urlList.optional(),
  allowed_logout_urls: urlList.optional(),
  web_origins: urlList.optional(),
  allowed_origins: urlList.optional(),
  initiate_login_uri: z.string().min(1).optional().describe("An https URL; one value per application."),
  create: z
    .boolean()
    .optional()
    .describe(
      "Create the application in a tenant where it does not exist (regionsync then owns it and may delete it).",
    ),
  copy_from: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .optional()
    .describe("With create: copy the settings (never a secret) of this declaration's application in another region."),
  app_type: z
    .enum(["regular_web", "spa", "native", "non_interactive"])
    .optional()
    .describe("With create and without copy_from: the application type (default regular_web)."),
});

/** The spec as the core hands it over: the schema's fields plus the expanded `name`. */
export type ApplicationSpec = z.output<typeof applicationSchema> & { name?: string };

/** What observe keeps of one application: only the fields plan and apply read, never secrets. */
export interface ObservedApp {
  client_id: string;
  name: string;
  callbacks: string[];
  allowed_logout_urls: string[];
  web_origins: string[];
  allowed_origins: string[];
  initiate_login_uri: string;
  client_metadata: Record<string, string>;
  /** regionsync created it (its marker is in `client_metadata`): it may delete it once no declaration names it. */
  created: boolean;
  /** The settings `copy_from` copies to the same application in another tenant. */
  settings: Record<string, unknown>;
}

export interface Auth0State {
  /** Applications that a declaration names (by client_id or name); the rest of the tenant is not kept. */
  apps: ObservedApp[];
  /** How many applications the tenant lists (global client excluded). */
  total: number;
}

/**
 * The settings an application is copied with: its type, grants and token settings, each one the Management API lets
 * a read select with `fields`. Never secrets or keys.
 */
export const COPIED_FIELDS = [
  "app_type",
  "description",
  "logo_uri",
  "is_first_party",
  "oidc_conformant",
  "grant_types",
  "token_endpoint_auth_method",
  "jwt_configuration",
  "refresh_token",
  "custom_login_page_on",
] as const;

/** The copyable settings of a client body; `jwt_configuration` without `secret_encoded` (read-only, secret-related). */
export function copyable(client: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of COPIED_FIELDS) {
    const value = client[field];
    if (value === undefined || value === null) continue;
    if (field === "jwt_configuration" && typeof value === "object") {
      const { alg, lifetime_in_seconds, scopes } = value as Record<string, unknown>;
      out[field] = Object.fromEntries(
        Object.entries({ alg, lifetime_in_seconds, scopes }).filter(([, v]) => v !== undefined),
      );
    } else {
      out[field] = value;
    }
  }
  return out;
}

/**
 * The fields observe and apply request, so secrets never cross the wire to us; the copyable settings come along, so
 * `copy_from` costs no request of its own.
 */
export const OBSERVED_FIELDS = [
  "client_id",
  "name",
  ...URL_FIELDS,
  "initiate_login_uri",
  "client_metadata",
  ...COPIED_FIELDS,
].join(",");

/** Normalises a client body from the SDK into an `ObservedApp`. */
export function toObservedApp(client: Record<string, unknown>): ObservedApp {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const meta: Record<string, string> = {};
  const raw = client.client_metadata;
  if (raw && typeof raw === "object") {
    for (const [k, v] of Object.entries(raw)) if (typeof v === "string") meta[k] = v;
  }
  return {
    client_id: String(client.client_id ?? ""),
    name: String(client.name ?? ""),
    callbacks: list(client.callbacks),
    allowed_logout_urls: list(client.allowed_logout_urls),
    web_origins: list(client.web_origins),
    allowed_origins: list(client.allowed_origins),
    initiate_login_uri: typeof client.initiate_login_uri === "string" ? client.initiate_login_uri : "",
    client_metadata: meta,
    created: isCreated(meta),
    settings: copyable(client),
  };
}
