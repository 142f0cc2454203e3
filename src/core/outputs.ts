/**
 * Values that flow between vendors: what one declaration's vendor object produces (an Auth0 application's client id
 * and secret) used by another declaration of the same region (a variable and a sealed secret of its GitHub
 * environment). desired-state.yaml writes a reference as `${auth0.applications.Storefront.client_id}` (a whole string
 * value) or `{ from: auth0/applications/Storefront, output: client_secret }`; both become an `OutputRef`. The `${…}`
 * form is told apart from `${region.…}` by its first word, a provider's name, and never meets Datadog's `{{…}}` or
 * Helm's `{{ }}`.
 */
import { z } from "zod";

export const outputRefSchema = z
  .strictObject({
    from: z
      .string()
      .regex(/^[a-z0-9]+\/[a-z_]+\/.+$/, "provider/kind/name, e.g. auth0/applications/Storefront")
      .describe("The declaration that produces the value: provider/kind/name, e.g. auth0/applications/Storefront."),
    output: z
      .string()
      .regex(/^[a-z_]+$/)
      .describe("The output's name, e.g. client_id or client_secret."),
    region: z
      .string()
      .optional()
      .describe("The region whose copy produces it; by default the region of the declaration that uses it."),
  })
  .describe("The value of another declaration's output, read from its vendor (never written in this file).");

export type OutputRef = z.infer<typeof outputRefSchema>;

/** A declaration field that takes a value, or another declaration's output. */
export function orOutput<T extends z.ZodType>(schema: T) {
  return z.union([schema, outputRefSchema]);
}

/**
 * An output reference inside a change's payload: bound to the region it is resolved for, so a saved plan carries the
 * reference and never the value; apply resolves it.
 */
export const boundRefSchema = z.strictObject({
  from: z.string(),
  output: z.string(),
  region: z.string().nullable(),
});
export type BoundRef = z.infer<typeof boundRefSchema>;

export function isOutputRef(value: unknown): value is OutputRef {
  return outputRefSchema.safeParse(value).success;
}

export function isBoundRef(value: unknown): value is BoundRef {
  return boundRefSchema.safeParse(value).success;
}

/** Binds a reference to the region it is read for. */
export function bindRef(ref: OutputRef, region: string | null): BoundRef {
  return { from: ref.from, output: ref.output, region: ref.region ?? region };
}

/** How plans and messages name a reference: `auth0/applications/Storefront client_secret (ap)`. */
export function refLabel(ref: BoundRef): string {
  return `${ref.from} ${ref.output}${ref.region ? ` (${ref.region})` : ""}`;
}

/** Every bound reference inside a payload, wherever it sits. */
export function boundRefsIn(value: unknown): BoundRef[] {
  if (isBoundRef(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(boundRefsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(boundRefsIn);
  return [];
}

/** One output a kind exposes. */
export interface OutputSpec {
  description: string;
  /** A secret: never printed, logged or written to a plan; only fields that take secrets may use it. */
  sensitive: boolean;
}

export type InputValue =
  | { known: true; value: string; sensitive: boolean }
  /** Not known yet (the object is created by this plan: "known after apply"), or not readable (`failed`). */
  | { known: false; sensitive: boolean; failed?: string };

/** The outputs of other declarations, as the engine resolved them for one account. */
export interface Inputs {
  /**
   * Resolves once every account whose outputs this one uses has been read. `observe` awaits it before it reads an
   * input (accounts are observed side by side until then); `plan` and `apply` are given inputs that are ready.
   */
  ready(): Promise<void>;
  get(ref: BoundRef): InputValue;
}

/** For a kind whose instances reference nothing. */
export const noInputs: Inputs = {
  ready: async () => {},
  get: (ref) => ({ known: false, sensitive: false, failed: `no value for ${refLabel(ref)}` }),
};
