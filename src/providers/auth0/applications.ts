/**
 * The `applications` kind: an existing Auth0 application whose URL lists must accept each region's URLs. Instances
 * naming one application in one tenant are one application (one app may serve several regions).
 */
import type { Kind, TypedChange } from "../../core/kind.js";
import { noInputs } from "../../core/outputs.js";
import { applyApplication } from "./applications-apply.js";
import { type CreatePayload, type DeletePayload, fromOf } from "./applications-create.js";
import { identityOf } from "./applications-desired.js";
import { type ApplicationPayload, applicationPayloadSchema, type Intent } from "./applications-intent.js";
import { applyCreate, applyDelete } from "./applications-lifecycle.js";
import { observeApplications } from "./applications-observe.js";
import { applicationOutputs } from "./applications-outputs.js";
import { planApplications } from "./applications-plan.js";
import { type ApplicationSpec, type Auth0State, applicationSchema } from "./applications-schema.js";
import { validateApplications } from "./applications-validate.js";
import type { Auth0Session } from "./session.js";

export const applicationsKind: Kind<ApplicationSpec, Auth0Session, Auth0State, ApplicationPayload> = {
  key: "applications",
  kind: "application",
  description:
    "An Auth0 application whose URL lists must accept each region's URLs (created where a region needs it with `create: true`). URLs added by hand or by other tools are never removed.",
  schema: applicationSchema,
  payload: applicationPayloadSchema,
  sharing: "merge",
  identity: identityOf,
  validate: validateApplications,
  outputs: applicationOutputs,
  inputs: (instance) =>
    instance.spec.copy_from && instance.spec.copy_from !== instance.region
      ? [
          {
            field: "copy_from",
            ref: { from: fromOf(instance.declaration), output: "template", region: instance.spec.copy_from },
          },
        ]
      : [],
  observe: observeApplications,
  plan: planApplications,
  apply(session, change, inputs = noInputs) {
    const payload = change.payload;
    if ("create" in payload) return applyCreate(session, change as TypedChange<CreatePayload>, inputs);
    if ("deleteApplication" in payload) return applyDelete(session, change as TypedChange<DeletePayload>);
    return applyApplication(session, change as TypedChange<Intent>);
  },
};
