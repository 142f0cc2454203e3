/**
 * The `applications` kind: an existing Auth0 application whose URL lists must accept each region's URLs. Instances
 * naming one application in one tenant are one application (one app may serve several regions).
 */
import type { Kind } from "../../core/kind.js";
import { applyApplication } from "./applications-apply.js";
import { identityOf } from "./applications-desired.js";
import { exportApplications } from "./applications-export.js";
import { type Intent, intentSchema } from "./applications-intent.js";
import { observeApplications } from "./applications-observe.js";
import { planApplications } from "./applications-plan.js";
import { type ApplicationSpec, type Auth0State, applicationSchema } from "./applications-schema.js";
import { validateApplications } from "./applications-validate.js";
import type { Auth0Session } from "./session.js";

export const applicationsKind: Kind<ApplicationSpec, Auth0Session, Auth0State, Intent> = {
  key: "applications",
  kind: "application",
  description:
    "An existing Auth0 application whose URL lists must accept each region's URLs. URLs added by hand or by other tools are never removed.",
  schema: applicationSchema,
  payload: intentSchema,
  sharing: "merge",
  identity: identityOf,
  validate: validateApplications,
  observe: observeApplications,
  plan: planApplications,
  apply: applyApplication,
  export: exportApplications,
};
