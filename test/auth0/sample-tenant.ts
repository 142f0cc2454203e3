/**
 * A tenant for suites that drive the whole CLI or engine (conformance, the fault matrix): Storefront and Admin Console
 * live in `us` and to be extended to `eu`, with URLs and metadata of their own, and an application made by hand.
 */
import type { Client } from "../../emulators/auth0/tenant.js";

const LISTS = ["callbacks", "allowed_logout_urls", "web_origins", "allowed_origins"] as const;

export const sampleClients = () => [
  {
    name: "Storefront",
    callbacks: ["https://app.example.com/callback", "http://localhost:3000/callback"],
    allowed_logout_urls: ["https://app.example.com/logout"],
    web_origins: ["https://app.example.com"],
    client_metadata: { team: "web" },
  },
  {
    name: "Admin Console",
    callbacks: ["https://admin.app.example.com/auth/callback"],
    allowed_origins: ["https://admin.app.example.com"],
  },
  { name: "Billing", callbacks: ["https://billing.example.com/callback"] },
];

/** The URLs the sample declarations ask for in `eu`: what regionsync may own. Everything else is someone else's. */
const isManaged = (url: string) => url.includes("eu.example.com");

/** A client as far as it is not regionsync's: its URLs other than the managed ones, and metadata other than ours. */
export function notOurs(client: Client): Client {
  const copy: Client = structuredClone(client);
  for (const list of LISTS) copy[list] = ((copy[list] as string[] | undefined) ?? []).filter((u) => !isManaged(u));
  const meta = (copy.client_metadata ?? {}) as Record<string, string>;
  copy.client_metadata = Object.fromEntries(Object.entries(meta).filter(([k]) => !k.startsWith("regionsync")));
  return copy;
}

/** The sample declarations, in one tenant at `domain`, reached through `endpoint`. */
export function sampleDesiredState(endpoint: string, domain: string, withAdmin = true): string {
  const region = (name: string, host: string) => ({
    hosts: [host],
    cloud_region: `${name}-1`,
    paging: [],
    accounts: { auth0: "auth0-us" },
  });
  const storefront = {
    name: "Storefront",
    regions: ["us", "eu"],
    callbacks: ["https://${region.host}/callback"],
    allowed_logout_urls: ["https://${region.host}/logout"],
    web_origins: ["https://${region.host}"],
  };
  const admin = {
    name: "Admin Console",
    regions: ["us", "eu"],
    callbacks: ["https://admin.${region.host}/auth/callback"],
    allowed_origins: ["https://admin.${region.host}"],
  };
  return JSON.stringify({
    version: 1,
    regions: { us: region("us", "app.example.com"), eu: region("eu", "eu.example.com") },
    accounts: {
      "auth0-us": {
        provider: "auth0",
        domain,
        client_id_env: "AUTH0_CLIENT_ID",
        client_secret_env: "AUTH0_CLIENT_SECRET",
        endpoint,
      },
    },
    resources: { auth0: { applications: withAdmin ? [storefront, admin] : [storefront] } },
  });
}
