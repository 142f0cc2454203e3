import { startAuth0Emulator } from "../../emulators/auth0/index.js";
import { auth0Provider } from "../../src/providers/auth0/index.js";
import { runConformanceSuite } from "../conformance/suite.js";
import { notOurs, sampleClients, sampleDesiredState } from "./sample-tenant.js";

const DOMAIN = "conformance.us.auth0.com";

runConformanceSuite("auth0", {
  provider: auth0Provider,
  env: { AUTH0_CLIENT_ID: "conformance-id", AUTH0_CLIENT_SECRET: "conformance-secret" },
  desiredState: (url) => sampleDesiredState(url, DOMAIN),
  desiredStateWithoutOne: (url) => sampleDesiredState(url, DOMAIN, false),
  async start() {
    const emu = await startAuth0Emulator({ domain: DOMAIN, clients: sampleClients() });
    return {
      url: emu.url,
      writes: () => emu.writes(),
      inventory: () => [...emu.tenant.clients.values()].map((c) => `${c.client_id} ${c.name}`),
      unowned: () => [...emu.tenant.clients.values()].map(notOurs),
      close: () => emu.close(),
    };
  },
});
