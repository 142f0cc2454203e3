/** Auth0 in the fault matrix: one tenant, two applications to update for the new region, one made by hand. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startAuth0Emulator } from "../../../emulators/auth0/index.js";
import type { EmulatorRequest } from "../../../emulators/common/server.js";
import { OPERATOR_ENV } from "../../../src/core/operator-env.js";
import { notOurs, sampleClients, sampleDesiredState } from "../../auth0/sample-tenant.js";
import type { FaultTarget, World } from "../target.js";

const DOMAIN = "faults.us.auth0.com";
const PARTNER = "https://partner.example.com/callback";

const clients = (world: World) => [
  ...(world.server as Awaited<ReturnType<typeof startAuth0Emulator>>).tenant.clients.values(),
];
const storefront = (world: World) => clients(world).find((c) => c.name === "Storefront")!;
const isPatch = (r: EmulatorRequest) => r.method === "PATCH" && r.path.startsWith("/api/v2/clients/");

export const auth0Target: FaultTarget = {
  vendor: "auth0",
  async start(dir) {
    const emu = await startAuth0Emulator({ domain: DOMAIN, clients: sampleClients() });
    const file = join(dir, "desired-state.yaml");
    await writeFile(file, sampleDesiredState(emu.url, DOMAIN));
    const world: World = {
      file,
      env: {
        AUTH0_CLIENT_ID: "faults-client-id",
        AUTH0_CLIENT_SECRET: "faults-client-secret",
        [OPERATOR_ENV.allowedEndpoints]: emu.url,
      },
      server: emu,
      inventory: () => clients(world).map((c) => c.name),
      unowned: () => clients(world).map(notOurs),
      close: () => emu.close(),
    };
    return world;
  },
  read: (r) => r.method === "GET" && r.path === "/api/v2/clients",
  write: (r) => r.method !== "GET" && r.path.startsWith("/api/v2/"),
  // Nothing here creates an application: the lost answer is an update's.
  create: isPatch,
  update: isPatch,
  faults: {
    rateLimited: () => ({
      kind: "status",
      status: 429,
      body: {
        statusCode: 429,
        error: "Too Many Requests",
        message: "Global limit reached",
        errorCode: "too_many_requests",
      },
      headers: {
        "x-ratelimit-limit": "50",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 1),
      },
    }),
    serverError: {
      kind: "status",
      status: 503,
      body: { statusCode: 503, error: "Service Unavailable", message: "Try again later" },
    },
    unauthorized: {
      kind: "status",
      status: 401,
      body: {
        statusCode: 401,
        error: "Unauthorized",
        message: "Expired token received for JSON Web Token validation",
        errorCode: "invalid_token",
      },
    },
    refusal: {
      kind: "status",
      status: 400,
      body: {
        statusCode: 400,
        error: "Bad Request",
        message: "Payload validation error: 'Too many items' on property callbacks",
        errorCode: "invalid_body",
      },
    },
  },
  personEdit(world) {
    const app = storefront(world);
    app.callbacks = [...(app.callbacks as string[]), PARTNER];
  },
  editSurvived: (world) => (storefront(world).callbacks as string[]).includes(PARTNER),
  killAfter: [1],
};
