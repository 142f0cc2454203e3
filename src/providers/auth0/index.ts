/**
 * The Auth0 provider: keeps each application's URL lists (callbacks, logout URLs, web origins, CORS origins) and
 * `initiate_login_uri` in step with the declared regions, one account per tenant, through the official `auth0` SDK.
 * Ownership of the URLs it adds is recorded in the application itself (see `ownership.ts`).
 */
import type { Instance, KindDefinition, Provider } from "../../core/types.js";
import { applyAuth0 } from "./apply.js";
import { identityOf } from "./desired.js";
import { observeAuth0 } from "./observe.js";
import { KIND, planAuth0 } from "./plan.js";
import {
  type ApplicationSpec,
  type Auth0Settings,
  type Auth0State,
  accountSchema,
  applicationSchema,
} from "./schema.js";
import { type Auth0Session, createAuth0Session } from "./session.js";
import { validateAuth0 } from "./validate.js";

export const applicationKind: KindDefinition<ApplicationSpec> = {
  key: "applications",
  kind: KIND,
  description:
    "An existing Auth0 application whose URL lists must accept each region's URLs. URLs added by hand or by other tools are never removed.",
  schema: applicationSchema,
  sharing: "merge",
  identity: (instance: Instance<ApplicationSpec>) => identityOf(instance),
};

export const auth0Provider: Provider<Auth0Settings, Auth0Session, Auth0State> = {
  name: "auth0",
  description: "Auth0 applications (Management API v2), one account per tenant.",
  accountSchema,
  kinds: [applicationKind as KindDefinition],
  validate: validateAuth0,
  connect: async (ctx) => createAuth0Session(ctx),
  observe: observeAuth0,
  plan: planAuth0,
  apply: applyAuth0,
};
