import { mkdir, writeFile } from "node:fs/promises";
import { desiredStateJsonSchema } from "../../config/json-schema.js";
import { planJsonSchema } from "../../core/plan.js";
import type { Context } from "../context.js";

/** Prints or writes the JSON Schemas; CI checks that the committed copies are current. */
export async function schemaCommand(ctx: Context): Promise<number> {
  const desired = `${JSON.stringify(desiredStateJsonSchema(ctx.providers), null, 2)}\n`;
  const plan = `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
  if (ctx.options.write) {
    await mkdir("schema", { recursive: true });
    await writeFile("schema/desired-state.schema.json", desired);
    await writeFile("schema/plan.schema.json", plan);
    ctx.out("wrote schema/desired-state.schema.json and schema/plan.schema.json\n");
    return 0;
  }
  ctx.out(desired);
  return 0;
}
