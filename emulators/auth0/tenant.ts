/** The state of one emulated tenant: its applications, with Auth0's response shape and defaults. */
import { randomBytes } from "node:crypto";

export type Client = Record<string, unknown> & { client_id: string; name: string };

/** Fields a client is created with unless given. */
function defaults(tenant: string): Record<string, unknown> {
  return {
    tenant,
    global: false,
    is_token_endpoint_ip_header_trusted: false,
    is_first_party: true,
    oidc_conformant: true,
    sso_disabled: false,
    cross_origin_authentication: false,
    callbacks: [],
    allowed_origins: [],
    web_origins: [],
    allowed_logout_urls: [],
    client_aliases: [],
    allowed_clients: [],
    client_metadata: {},
    callback_url_template: false,
    signing_keys: [
      { cert: "-----BEGIN CERTIFICATE-----\nMIIDemulated\n-----END CERTIFICATE-----\n", subject: "deprecated" },
    ],
    jwt_configuration: { alg: "RS256", lifetime_in_seconds: 36000, secret_encoded: false },
    token_endpoint_auth_method: "client_secret_post",
    app_type: "regular_web",
    grant_types: ["authorization_code", "implicit", "refresh_token", "client_credentials"],
    custom_login_page_on: true,
  };
}

const randomId = (bytes: number) => randomBytes(bytes).toString("base64url").replace(/[-_]/g, "x");

export class Tenant {
  /** Insertion order is the listing order, as a stable page boundary needs. */
  readonly clients = new Map<string, Client>();
  constructor(readonly name: string) {}

  /** Adds an application as the Dashboard would; not logged as a request. */
  create(fields: Record<string, unknown> & { name: string }): Client {
    const client = {
      ...defaults(this.name),
      client_id: randomId(24).slice(0, 32),
      client_secret: randomId(48),
      ...structuredClone(fields),
    } as Client;
    this.clients.set(client.client_id, client);
    return structuredClone(client);
  }

  get(id: string): Client | undefined {
    const client = this.clients.get(id);
    return client ? structuredClone(client) : undefined;
  }

  byName(name: string): Client[] {
    return [...this.clients.values()].filter((c) => c.name === name).map((c) => structuredClone(c));
  }

  /** Applies a PATCH body with Auth0's semantics: arrays replaced whole, client_metadata merged key by key. */
  update(id: string, body: Record<string, unknown>): Client | undefined {
    const client = this.clients.get(id);
    if (!client) return undefined;
    for (const [key, value] of Object.entries(structuredClone(body))) {
      if (key === "client_metadata" && value && typeof value === "object") {
        const meta = { ...(client.client_metadata as Record<string, string>) };
        for (const [k, v] of Object.entries(value)) {
          if (v === null) delete meta[k];
          else meta[k] = v as string;
        }
        client.client_metadata = meta;
      } else if (key === "initiate_login_uri" && value === "") {
        delete client.initiate_login_uri;
      } else {
        client[key] = value;
      }
    }
    return structuredClone(client);
  }

  /** A person's edit in the Dashboard: same semantics, not logged as a request. */
  edit(id: string, body: Record<string, unknown>): Client {
    const client = this.update(id, body);
    if (!client) throw new Error(`no client ${id}`);
    return client;
  }

  remove(id: string): boolean {
    return this.clients.delete(id);
  }
}

/** Keeps or drops fields as `fields` / `include_fields` ask. */
export function project(client: Client, fields: string | null, includeFields: boolean): Record<string, unknown> {
  if (!fields) return client;
  const names = new Set(fields.split(","));
  return Object.fromEntries(Object.entries(client).filter(([k]) => names.has(k) === includeFields));
}
