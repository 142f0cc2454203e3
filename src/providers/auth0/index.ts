/**
 * The Auth0 provider: keeps each application's URL lists (callbacks, logout URLs, web origins, CORS origins) and
 * `initiate_login_uri` in step with the declared regions, one account per tenant, through the official `auth0` SDK,
 * which `connect` loads; creates an application where a region needs it (`create: true`) and gives its client id and
 * secret to other declarations. Ownership of what it adds or creates is recorded in the application itself.
 */
import type { Provider } from "../../core/kind.js";
import { type Auth0Settings, accountSchema, validateAccount } from "./account.js";
import { applicationsKind } from "./applications.js";
import type { Auth0Session } from "./session.js";

export const auth0Provider: Provider<Auth0Settings, Auth0Session> = {
  name: "auth0",
  description: "Auth0 applications (Management API v2), one account per tenant.",
  accountSchema,
  kinds: [applicationsKind],
  trust: {
    credentialPrefixes: ["AUTH0_", "REGIONSYNC_AUTH0_"],
    destinations: (a) =>
      a.endpoint
        ? [{ setting: "endpoint", url: a.endpoint }]
        : [{ setting: "domain", url: `https://${a.settings.domain}` }],
    // The Management API answers on the tenant's Auth0 domain only, never on a custom domain.
    vendorOwned: (url) => url.protocol === "https:" && url.port === "" && url.hostname.endsWith(".auth0.com"),
  },
  codes: {
    credentials: "An account names neither client credentials nor a token, or both.",
    url: "A URL breaks Auth0's rules for its field (scheme, wildcard, path, length).",
    origin: "A web or CORS origin with a path or other parts Auth0 ignores.",
    "url-limit": "A URL list would hold more than Auth0's 100 entries.",
    "conflicting-declarations": "Declarations naming one application disagree (policy, initiate_login_uri).",
    "app-not-found": "No application with the declared client_id or name exists in the tenant.",
    "app-ambiguous": "Several applications have the declared name; the declaration needs a client_id.",
    "removal-deferred": "Removals from undeclared applications wait until every declaration matches an application.",
    "room-needed": "A URL list has room for the additions only after the planned removals.",
    "create-options": "copy_from or app_type without create: true, or create: true with a client_id.",
  },
  validate: (_instances, accounts) => accounts.flatMap(validateAccount),
  connect: async (ctx) => (await import("./session.js")).createAuth0Session(ctx),
};
