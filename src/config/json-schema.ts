/** JSON Schemas generated from the zod schemas that validate: editors and CI read these, kept in schema/. */
import { z } from "zod";
import type { Provider } from "../core/types.js";
import { jsonPlanSchema } from "../report/plan-schema.js";
import { desiredStateSchema } from "./schema.js";

export function desiredStateJsonSchema(providers: ReadonlyMap<string, Provider>): Record<string, unknown> {
  return {
    ...z.toJSONSchema(desiredStateSchema(providers), { io: "input", unrepresentable: "any" }),
    $id: "https://regionsync.dev/schema/desired-state.schema.json",
    title: "regionsync desired-state.yaml",
  };
}

export function planJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(jsonPlanSchema, { io: "output", unrepresentable: "any" }),
    $id: "https://regionsync.dev/schema/plan.schema.json",
    title: "regionsync plan --json",
  };
}
