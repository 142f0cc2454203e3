import { startAuth0Emulator } from "../../emulators/auth0/index.js";
import type { Client } from "../../emulators/auth0/tenant.js";
import { auth0Provider } from "../../src/providers/auth0/index.js";
import { runConformanceSuite } from "../conformance/suite.js";

const DOMAIN = "conformance.us.auth0.com";
const LISTS = ["callbacks", "allowed_logout_urls", "web_origins", "allowed_origins"] as const;

/** The URLs the declarations below ask for in `eu`: what regionsync may own. Everything else is someone else's. */
const isManaged = (url: string) => url.includes("eu.example.com");

function desired(url: string, withAdmin: boolean): string {
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
        domain: DOMAIN,
        client_id_env: "AUTH0_CLIENT_ID",
        client_secret_env: "AUTH0_CLIENT_SECRET",
        endpoint: url,
      },
    },
    resources: { auth0: { applications: withAdmin ? [storefront, admin] : [storefront] } },
  });
}

/** A client as far as it is not regionsync's: its URLs other than the managed ones, and metadata other than ours. */
function notOurs(client: Client): Client {
  const copy: Client = structuredClone(client);
  for (const list of LISTS) copy[list] = (copy[list] as string[]).filter((u) => !isManaged(u));
  const meta = copy.client_metadata as Record<string, string>;
  copy.client_metadata = Object.fromEntries(Object.entries(meta).filter(([k]) => !k.startsWith("regionsync")));
  return copy;
}

runConformanceSuite("auth0", {
  provider: auth0Provider,
  env: { AUTH0_CLIENT_ID: "conformance-id", AUTH0_CLIENT_SECRET: "conformance-secret" },
  desiredState: (url) => desired(url, true),
  desiredStateWithoutOne: (url) => desired(url, false),
  async start() {
    const emu = await startAuth0Emulator({
      domain: DOMAIN,
      clients: [
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
      ],
    });
    return {
      url: emu.url,
      writes: () => emu.writes(),
      inventory: () => [...emu.tenant.clients.values()].map((c) => `${c.client_id} ${c.name}`),
      unowned: () => [...emu.tenant.clients.values()].map(notOurs),
      close: () => emu.close(),
    };
  },
});
