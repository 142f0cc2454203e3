/** Read-only checks of planned writes, shared by kinds, so what would fail half-way through apply shows in the plan. */
import type { Change } from "../../core/plan.js";
import type { Diagnostic } from "../../core/types.js";
import { code } from "./codes.js";

/** Creates, updates and adoptions (which record a secret's digest): deletes need no values, manual changes never apply. */
export const writes = (change: Pick<Change, "action">) =>
  change.action === "create" || change.action === "update" || change.action === "adopt";

/** An error holding back a change whose secret value is not in the environment. */
export function secretEnvMissing(change: Pick<Change, "id" | "name">, envName: string, what: string): Diagnostic {
  return {
    severity: "error",
    code: code("secret-env-missing"),
    message: `${change.name}: environment variable ${envName} (${what}) is not set, so apply cannot write it`,
    hint: `set ${envName} where regionsync runs`,
    change: change.id,
  };
}
