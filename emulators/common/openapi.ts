/**
 * Request routing and validation against a vendor's official OpenAPI description (the pruned copies in
 * `vendor-specs/`), through openapi-backend and Ajv.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import addFormats from "ajv-formats";
import { type Document, OpenAPIBackend } from "openapi-backend";
import { parse as parseYaml } from "yaml";
import { findUp } from "./sample-company.js";
import type { EmulatorRequest, OpenApiValidator } from "./types.js";

export type { OpenApiValidator } from "./types.js";

export interface LoadOptions {
  /** Skip openapi-backend's OpenAPI 3.0 meta-validation (needed for 3.1 documents and Datadog v2). */
  quick?: boolean;
  /** Custom string formats and the predicate each must satisfy (`true` accepts any string). */
  formats?: Record<string, true | ((value: string) => boolean)>;
  /** In-memory corrections of upstream defects, applied before the schemas are compiled. */
  fix?(doc: Record<string, unknown>): void;
}

/** The folder holding the vendor descriptions, found from this file whether it runs from `emulators/` or `dist/emulators/`. */
export function vendorSpecsDir(): string {
  return dirname(findUp(join("vendor-specs", "README.md")));
}

export function readSpec(file: string): Record<string, unknown> {
  const text = readFileSync(join(vendorSpecsDir(), file), "utf8");
  return (file.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
}

const numericFormats = ["int32", "int64", "double", "float"];

export async function loadOpenApiValidator(file: string, opts: LoadOptions = {}): Promise<OpenApiValidator> {
  const definition = readSpec(file);
  opts.fix?.(definition);
  const api = new OpenAPIBackend({
    definition: definition as unknown as Document,
    quick: opts.quick ?? false,
    strict: false,
    validate: true,
    ajvOpts: { strict: false, allErrors: true },
    customizeAjv: (ajv) => {
      addFormats.default(ajv);
      for (const f of numericFormats) ajv.addFormat(f, { type: "number", validate: () => true });
      for (const [name, check] of Object.entries(opts.formats ?? {})) {
        ajv.addFormat(name, check === true ? () => true : check);
      }
      return ajv;
    },
  });
  await api.init();

  const toBackendRequest = (req: EmulatorRequest) => ({
    method: req.method.toLowerCase(),
    path: req.path,
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v ?? "")]),
    ),
    // As an object: parsed from the string, `filter[match]=x` would become `{filter: {match: x}}`, and Datadog's
    // parameters are named with the brackets.
    query: Object.fromEntries(
      [...new Set(req.query.keys())].map((k) => {
        const values = req.query.getAll(k);
        return [k, values.length === 1 ? values[0]! : values];
      }),
    ),
    body: req.body,
  });

  // openapi-backend walks every operation on each match (milliseconds on a large description); routes never change,
  // so each method and path is matched once.
  type Operation = Exclude<Parameters<typeof api.validator.validateRequest>[1], string | undefined>;
  const matched = new Map<string, Operation | undefined>();
  const matchOperation = (req: EmulatorRequest) => {
    const key = `${req.method} ${req.path}`;
    if (!matched.has(key)) matched.set(key, api.router.matchOperation(toBackendRequest(req)) as Operation | undefined);
    return matched.get(key);
  };

  return {
    match(req) {
      const operation = matchOperation(req);
      if (!operation?.operationId) return undefined;
      const parsed = api.router.parseRequest(toBackendRequest(req), operation);
      return { operationId: operation.operationId, params: (parsed.params ?? {}) as Record<string, string> };
    },
    validate(req) {
      const operation = matchOperation(req);
      if (!operation) return [`no operation for ${req.method} ${req.path}`];
      const result = api.validator.validateRequest(toBackendRequest(req), operation);
      if (result.valid) return [];
      return (result.errors ?? []).map((e) => {
        const where = e.instancePath || "(root)";
        const extra = e.keyword === "additionalProperties" ? ` '${String(e.params.additionalProperty)}'` : "";
        return `${where} ${e.message ?? e.keyword}${extra}`;
      });
    },
  };
}
