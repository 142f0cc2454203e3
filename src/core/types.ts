/**
 * The vocabulary shared by config, reconciler, providers and reports. A leaf module: it imports nothing of ours, so
 * every other layer can depend on it. Types that travel in a plan are zod schemas, so a saved plan is checked on read.
 */
import { z } from "zod";
import { type CoreCode, coreCodes } from "./codes.js";
import type { BoundRef } from "./outputs.js";

/** A position in desired-state.yaml, 1-based, as editors show it. */
export const sourcePositionSchema = z.object({ file: z.string(), line: z.int().min(1), column: z.int().min(1) });
export type SourcePosition = z.infer<typeof sourcePositionSchema>;

export const diagnosticSchema = z.object({
  severity: z.enum(["error", "warning"]),
  code: z
    .union([
      z.enum(Object.keys(coreCodes) as [CoreCode, ...CoreCode[]]),
      z.templateLiteral([z.string().regex(/^[a-z0-9]+$/), ".", z.string().regex(/^[a-z0-9-]+$/)]),
    ])
    .describe("Stable; see docs/diagnostics.md. A provider's own codes are written `<provider>.<code>`."),
  message: z.string().describe("What is wrong, in one sentence."),
  hint: z.string().optional().describe("How to fix it."),
  at: sourcePositionSchema.optional().describe("Where in desired-state.yaml, when the problem has a place there."),
  instance: z.string().optional().describe("The resource instance it concerns (`Instance.id`)."),
  change: z.string().optional().describe("The planned change it concerns: an error here holds that change only."),
});

/** One problem found in the input or while planning. Validation returns these; it never throws. */
export type Diagnostic = z.infer<typeof diagnosticSchema>;

/** One field-level difference, after Pulumi's property diffs. Paths are dotted (`callbacks`, `options.thresholds`). */
export const fieldDiffSchema = z.object({
  path: z.string(),
  op: z.enum(["add", "remove", "change"]),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  sensitive: z.boolean().optional().describe("A secret: renderers show `(sensitive)` and never the value."),
  from: z
    .string()
    .optional()
    .describe("The value is another declaration's output: `auth0/applications/Storefront client_secret (eu)`."),
  known_after_apply: z
    .boolean()
    .optional()
    .describe("The value comes from an object this plan creates: it is known after apply (`after` is absent)."),
});
export type FieldDiff = z.infer<typeof fieldDiffSchema>;

/** What a person must do where the vendor has no API. */
export const instructionsSchema = z.object({
  summary: z.string(),
  url: z.string().optional().describe("The exact settings page."),
  steps: z.array(z.string()),
});
export type ManualInstructions = z.infer<typeof instructionsSchema>;

/**
 * The networks a region's outbound traffic leaves from (its NAT addresses), as canonical CIDR blocks: what customers
 * and vendors must allow for calls from the region.
 */
export interface RegionEgress {
  ipv4: string[];
  ipv6: string[];
}

/** A declared region, after validation. */
export interface Region {
  name: string;
  /** Host names users reach in this region; the first is the primary (`${region.host}`). */
  hosts: string[];
  /** The cloud provider's region, e.g. `eu-west-1`. */
  cloudRegion: string;
  /** Who is paged for this region, in Datadog's notation (`@pagerduty-Service`, `@slack-channel`, ...). */
  paging: string[];
  /** Free-form values that resources reference as `${region.values.KEY}`. */
  values: Record<string, string>;
  /** Vendor account per provider name that this region is bound to. */
  accounts: Record<string, string>;
  egress: RegionEgress;
}

/** Per-resource management policy, after Crossplane's managementPolicies. */
export type Policy = "manage" | "observe";

/** A vendor account as declared, with its provider-specific settings validated by the provider's account schema. */
export interface Account<Settings = unknown> {
  name: string;
  provider: string;
  /**
   * Overrides the vendor's default API base URL (an Auth0 tenant's `https://DOMAIN`, GitHub's API URL, a Datadog
   * site's API URL), so proxies, GitHub Enterprise Server and the sandbox's emulators can be reached. `http://` only on
   * loopback.
   */
  endpoint?: string;
  /** The provider-specific fields, validated by `Provider.accountSchema` (e.g. `domain`, `client_id_env`). */
  settings: Settings;
  at?: SourcePosition;
}

/**
 * One region's copy of a declared resource: placeholders filled in for that region and bound to one account.
 * A declaration with `regions: [us, eu]` becomes two instances; one without `regions` becomes one instance whose
 * region is null.
 */
export interface Instance<Spec = unknown> {
  /** `provider/kind/declaration-name@region` (or without `@region`); unique within a run. */
  id: string;
  provider: string;
  kind: string;
  /** The declaration this came from: the row of the coverage matrix. */
  declaration: string;
  region: string | null;
  account: string;
  policy: Policy;
  /** Deletes of what this resource owns are allowed (per resource opt-in). */
  allowDelete: boolean;
  /** The provider's spec with placeholders substituted. */
  spec: Spec;
  at?: SourcePosition;
  /** Positions of the spec's fields, by dotted path, so a provider can point at a field. */
  fieldPositions: Record<string, SourcePosition>;
  /**
   * The egress of the instance's region (absent without a region), for kinds that follow a region's addresses: a list
   * of networks does not fit in a `${region.*}` string placeholder.
   */
  egress?: RegionEgress;
  /** Outputs of other declarations this instance uses, checked when the file is loaded. */
  references?: InstanceReference[];
}

/** One output of another declaration's instance that an instance uses. */
export interface InstanceReference {
  /** The dotted path of the field that holds the reference (`variables.AUTH0_CLIENT_ID`, `copy_from`). */
  field: string;
  ref: BoundRef;
  /** The instance that produces it, and its account (applied before this one). */
  producer: string;
  account: string;
  sensitive: boolean;
}

/** The environment a provider reads credentials from. Injected so tests need not touch `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Structured logger: a static message plus metadata, so alerts can group on the message. */
export interface Logger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

/**
 * Where a credential is registered so that every output masks it: each value read from a `*_env` variable, and
 * each one obtained at run time (an access token, an installation token, an App JWT).
 */
export interface SecretSink {
  add(value: string | undefined): void;
}
