/**
 * The one source of desired-state.yaml's shape: the core's own sections plus each provider's account and kind
 * schemas. Validation and the published JSON Schema are both derived from here.
 */
import { z } from "zod";
import type { Kind, Provider } from "../core/kind.js";
import { egressSchema } from "./egress.js";
import { hasControlCharacter } from "./findings.js";

const nameRule = /^[a-z][a-z0-9-]*$/;
const nameHint = "lower-case letters, digits and '-', starting with a letter";

export const regionNameSchema = z.string().regex(nameRule, { message: `a region name is ${nameHint}` });
export const accountNameSchema = z.string().regex(nameRule, { message: `an account name is ${nameHint}` });

const hostRule = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export const regionSchema = z
  .strictObject({
    hosts: z
      .array(z.string().regex(hostRule, { message: "a host is a lower-case DNS name without scheme or path" }))
      .min(1)
      .describe("Host names users reach in this region; the first is `${region.host}`."),
    cloud_region: z
      .string()
      .min(1)
      .describe("The cloud provider's region, e.g. `eu-west-1` (`${region.cloud_region}`)."),
    paging: z
      .array(z.string().regex(/^@\S+$/, { message: "a paging target is a Datadog handle such as @pagerduty-Service" }))
      .default([])
      .describe("Who is paged for this region, as Datadog handles (`${region.paging}`)."),
    values: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string())
      .default({})
      .describe("Free-form per-region values, referenced as `${region.values.KEY}`."),
    accounts: z
      .record(z.string(), accountNameSchema)
      .default({})
      .describe("The vendor account each provider uses for this region, by provider name."),
    egress: egressSchema.optional(),
  })
  .describe("A production region.");

export const settingsSchema = z
  .strictObject({
    allow_delete: z
      .boolean()
      .default(false)
      .describe("Allow deletes of objects regionsync owns for every resource (like Argo CD's prune)."),
    blast_radius: z
      .strictObject({
        max_deletes: z
          .int()
          .min(0)
          .default(10)
          .describe(
            "Refuse a plan deleting more owned objects than this; entries (URLs) removed from objects count per account.",
          ),
        max_delete_percent: z
          .number()
          .min(0)
          .max(100)
          .default(25)
          .describe(
            "Beyond max_deletes entries (URLs) in one account, refuse removing more than this share of those regionsync owns there.",
          ),
      })
      .default({ max_deletes: 10, max_delete_percent: 25 }),
    concurrency: z
      .int()
      .min(1)
      .max(32)
      .optional()
      .describe(
        "Changes applied at once per vendor account. By default each vendor's own, from its limits (Auth0 and GitHub 4, Datadog 8).",
      ),
  })
  .default({ allow_delete: false, blast_radius: { max_deletes: 10, max_delete_percent: 25 } });

/** Fields every resource declaration has, whatever its provider. */
export const commonDeclarationFields = {
  name: z
    .string()
    .min(1)
    .refine((name) => !hasControlCharacter(name), {
      message: "a name must not contain control characters",
      params: { code: "invalid-name", hint: "remove it; names are printable text" },
    })
    .describe("The resource's name; may use ${region.*} placeholders."),
  regions: z
    .union([z.literal("all"), z.array(regionNameSchema).min(1)])
    .optional()
    .describe("Expand this declaration once per region: a list, or `all` for every declared region."),
  except: z
    .array(regionNameSchema)
    .min(1)
    .optional()
    .describe("With `regions: all`: the regions this declaration leaves out."),
  account: accountNameSchema.optional().describe("The vendor account; defaults to the region's bound account."),
  policy: z
    .enum(["manage", "observe"])
    .default("manage")
    .describe("`manage` writes changes; `observe` only reports drift."),
  allow_delete: z.boolean().default(false).describe("Allow deletes of what this resource owns."),
};

export const commonAccountFields = {
  provider: z.string(),
  endpoint: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("Overrides the vendor's API base URL (proxy, GitHub Enterprise Server, emulator)."),
};

function shapeOf(schema: z.ZodType): z.ZodRawShape {
  if (schema instanceof z.ZodObject) return schema.shape;
  throw new Error("provider schemas must be zod objects");
}

const declarationSchemas = new WeakMap<Kind, z.ZodObject>();

/**
 * One schema per kind, built once: zod compiles an object schema on its first parse, so a schema built for each of
 * thousands of declarations spent most of the loader's time and memory compiling.
 */
export function declarationSchema(kind: Kind): z.ZodObject {
  let schema = declarationSchemas.get(kind);
  if (!schema) {
    schema = z.strictObject({ ...commonDeclarationFields, ...shapeOf(kind.schema) }).describe(kind.description);
    declarationSchemas.set(kind, schema);
  }
  return schema;
}

export function accountSchemaFor(provider: Provider): z.ZodObject {
  return z.strictObject({
    ...commonAccountFields,
    ...shapeOf(provider.accountSchema),
    provider: z.literal(provider.name),
  });
}

/** The whole file's schema, for the JSON Schema editors use. */
export function desiredStateSchema(providers: ReadonlyMap<string, Provider>) {
  const list = [...providers.values()];
  const accounts = list.map(accountSchemaFor);
  const account =
    accounts.length === 0
      ? z.strictObject(commonAccountFields)
      : accounts.length === 1
        ? accounts[0]!
        : z.discriminatedUnion("provider", accounts as [z.ZodObject, z.ZodObject, ...z.ZodObject[]]);
  const resources: Record<string, z.ZodType> = {};
  for (const p of list) {
    const kinds: Record<string, z.ZodType> = {};
    for (const k of p.kinds) kinds[k.key] = z.array(declarationSchema(k)).optional();
    resources[p.name] = z.strictObject(kinds).optional().describe(p.description);
  }
  return z.strictObject({
    version: z.literal(1).describe("The format version of this file."),
    settings: settingsSchema.optional(),
    regions: z.record(regionNameSchema, regionSchema).describe("Regions, declared once."),
    accounts: z
      .record(accountNameSchema, account)
      .describe("Vendor accounts; credentials come from environment variables."),
    resources: z.strictObject(resources).optional(),
  });
}
