/**
 * The Auth0 tenants of the sample company in the root desired-state.yaml: the US tenant serves the US region (EU URLs
 * missing), the EU tenant has its Storefront application but no EU URLs yet. Both carry URLs added by hand and
 * applications regionsync does not manage, so a sandbox run shows what is left alone. Any other account (a new
 * region's tenant) holds only applications made by hand. Any non-empty credentials work.
 */
import { sampleStorefronts } from "../common/sample-company.js";
import { type Auth0Emulator, startAuth0Emulator } from "./index.js";

type Seed = Array<Record<string, unknown> & { name: string }>;

const unrelated: Seed = [
  {
    name: "Mobile App (iOS)",
    app_type: "native",
    callbacks: ["com.example.app://example.auth0.com/ios/com.example.app/callback"],
  },
  { name: "Deploy Bot", app_type: "non_interactive", grant_types: ["client_credentials"] },
  {
    name: "Internal Metrics",
    app_type: "spa",
    callbacks: ["https://metrics.internal.example.com/callback"],
    web_origins: ["https://metrics.internal.example.com"],
    client_metadata: { owner: "sre" },
  },
];

const tenants: Record<string, { domain: string; clients: Seed }> = {
  "auth0-us": {
    domain: "example-us.us.auth0.com",
    clients: [
      {
        name: "Storefront",
        ...sampleStorefronts["auth0-us"],
        callbacks: ["https://app.example.com/callback", "http://localhost:3000/callback"],
        allowed_logout_urls: ["https://app.example.com/logout"],
        web_origins: ["https://app.example.com"],
        allowed_origins: ["https://app.example.com"],
        initiate_login_uri: "https://app.example.com/login",
        client_metadata: { team: "storefront" },
      },
      {
        name: "Admin Console",
        app_type: "spa",
        callbacks: ["https://admin.app.example.com/auth/callback", "https://admin.staging.example.com/auth/callback"],
        allowed_logout_urls: ["https://admin.app.example.com/"],
        web_origins: ["https://admin.app.example.com"],
      },
      { name: "Partner Portal", callbacks: ["https://partners.app.example.com/callback"] },
      ...unrelated,
    ],
  },
  "auth0-eu": {
    domain: "example-eu.eu.auth0.com",
    clients: [
      {
        name: "Storefront",
        ...sampleStorefronts["auth0-eu"],
        callbacks: ["https://eu-staging.example.com/callback"],
        client_metadata: { team: "storefront" },
      },
      { name: "EU Analytics", app_type: "spa", web_origins: ["https://analytics.eu.example.com"] },
    ],
  },
};

export async function startSandbox(account: { name: string }, opts: { port?: number } = {}): Promise<Auth0Emulator> {
  const seed = tenants[account.name] ?? { domain: `${account.name}.auth0.test`, clients: unrelated };
  return startAuth0Emulator({ domain: seed.domain, clients: seed.clients, port: opts.port });
}
