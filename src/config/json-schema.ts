/** JSON Schemas generated from the zod schemas that validate: editors and CI read these, kept in schema/. */
import { z } from "zod";
import type { Provider } from "../core/kind.js";
import { desiredStateSchema } from "./schema.js";

const placeholder = { pattern: "\\$\\{" };

/**
 * Resource fields are checked after `${region.*}` placeholders are filled in, so in the file a string may hold a
 * placeholder where its pattern or format would otherwise fail: the editor schema accepts either.
 */
function allowPlaceholders(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowPlaceholders);
  if (!node || typeof node !== "object") return node;
  const entries = Object.entries(node).map(([k, v]) => [k, allowPlaceholders(v)] as const);
  const out = Object.fromEntries(entries) as Record<string, unknown>;
  if (out.type === "string" && (out.pattern !== undefined || out.format !== undefined)) {
    const { pattern, format, ...rest } = out;
    const strict = { ...(pattern !== undefined ? { pattern } : {}), ...(format !== undefined ? { format } : {}) };
    return { ...rest, anyOf: [strict, placeholder] };
  }
  return out;
}

export function desiredStateJsonSchema(providers: ReadonlyMap<string, Provider>): Record<string, unknown> {
  const schema = z.toJSONSchema(desiredStateSchema(providers), { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  > & { properties: Record<string, unknown> };
  schema.properties.resources = allowPlaceholders(schema.properties.resources);
  return {
    ...schema,
    $id: "https://regionsync.dev/schema/desired-state.schema.json",
    title: "regionsync desired-state.yaml",
  };
}
