import { mkdir, writeFile } from "node:fs/promises";
import { desiredStateJsonSchema, diagnosticsDoc, diagnosticsDocPath } from "../../config/index.js";
import { planJsonSchema } from "../../core/plan.js";
import type { Context } from "../context.js";

/** Prints or writes the JSON Schemas and the list of diagnostic codes; CI checks that the committed copies are current. */
export async function schemaCommand(ctx: Context): Promise<number> {
  const desired = `${JSON.stringify(desiredStateJsonSchema(ctx.providers), null, 2)}\n`;
  const plan = `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
  if (ctx.options.write) {
    await mkdir("schema", { recursive: true });
    await writeFile("schema/desired-state.schema.json", desired);
    await writeFile("schema/plan.schema.json", plan);
    await writeFile(diagnosticsDocPath, diagnosticsDoc(ctx.providers));
    ctx.out(`wrote schema/desired-state.schema.json, schema/plan.schema.json and ${diagnosticsDocPath}\n`);
    return 0;
  }
  ctx.out(desired);
  return 0;
}
