/**
 * The vocabulary shared by config, reconciler, providers and reports. A leaf module: it imports nothing of ours
 * except zod types, so every other layer can depend on it.
 */
import type { z } from "zod";

/** A position in desired-state.yaml, 1-based, as editors show it. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** One problem found in the input or while planning. Validation returns these; it never throws. */
export interface Diagnostic {
  severity: "error" | "warning";
  /** What is wrong, in one sentence. */
  message: string;
  /** How to fix it. */
  hint?: string;
  /** Where in desired-state.yaml, when the problem has a place there. */
  at?: SourcePosition;
  /** The resource instance it concerns, when it concerns one (`Instance.id`). */
  instance?: string;
  /** The planned change it concerns (`Change.id`): an error here blocks that change and nothing else. */
  change?: string;
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
}

export type ChangeAction = "create" | "update" | "delete" | "manual";

/** One field-level difference, after Pulumi's property diffs. Paths are dotted (`callbacks`, `options.thresholds`). */
export interface FieldDiff {
  path: string;
  op: "add" | "remove" | "change";
  before?: unknown;
  after?: unknown;
  /** The value is a secret: renderers show `(sensitive)` and never the value. */
  sensitive?: boolean;
}

/** What a person must do where the vendor has no API. */
export interface ManualInstructions {
  summary: string;
  /** The exact settings page. */
  url?: string;
  steps: string[];
}

/** One planned operation on one vendor object. Plain data: JSON-serialisable, so a plan can be saved and applied. */
export interface Change {
  /** Stable across runs for the same operation on the same object; saved plans are matched by it. */
  id: string;
  provider: string;
  account: string;
  kind: string;
  /** The vendor object's human name. */
  name: string;
  /** Declarations this change serves (coverage matrix rows). */
  declarations: string[];
  /** Regions this change serves (coverage matrix columns). */
  regions: string[];
  action: ChangeAction;
  policy: Policy;
  diffs: FieldDiff[];
  instructions?: ManualInstructions;
  /**
   * Changes with the same target are applied one after another, in plan order (they write the same vendor object).
   * Defaults to `account/kind/name`.
   */
  target?: string;
  /** For deletes: how many owned objects (or owned entries, such as URLs) this removes. */
  deleteCount?: number;
  /** A digest of the observed vendor state this change was computed from; a saved plan is stale when it differs. */
  basis: string;
  /** Provider-private data that apply needs. Never holds a secret value: apply reads secrets from the environment. */
  payload?: unknown;
}

/** The outcome of applying one change. */
export interface ChangeResult {
  changeId: string;
  status: "applied" | "failed" | "skipped";
  message?: string;
  /** Vendor ids created or touched, for the report. */
  ref?: string;
}

/** What a provider observed for one account. */
export interface Observation<State = unknown> {
  account: string;
  state: State;
  /** How many objects regionsync owns in this account, per kind: the denominator of the blast-radius guard. */
  owned: Record<string, number>;
  diagnostics: Diagnostic[];
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

/** What a provider connects with. */
export interface ConnectContext<Settings = unknown> {
  account: Account<Settings>;
  env: Env;
  logger: Logger;
}

/** The description of one resource kind of a provider: its spec schema, declared once and turned into validation and docs. */
export interface KindDefinition<Spec = unknown> {
  /** The key under `resources.<provider>` in desired-state.yaml, e.g. `applications`. */
  key: string;
  /** The kind's name in plans, e.g. `application`. */
  kind: string;
  description: string;
  /** zod schema of one declaration's spec fields (without the common fields `name`, `regions`, `account`, `policy`, `allow_delete`). */
  schema: z.ZodType<Spec>;
  /**
   * How many instances may name the same vendor object. `one`: a collision after expansion is an error.
   * `merge`: instances bound to one account with the same identity are the same object (for example one Auth0
   * application serving both regions from one tenant) and the provider merges them.
   */
  sharing: "one" | "merge";
  /** The instance's identity within its account, for collision checks (e.g. the vendor object's name). */
  identity(instance: Instance<Spec>): string;
}

/**
 * A vendor plugin. After crossplane-runtime's external client: observe never writes; apply is idempotent (creating
 * what exists, or deleting what is gone, succeeds). The engine calls, in order: validate (no I/O), connect, observe
 * (read-only), plan (pure), preflight (read-only vendor-side checks of planned changes), then apply per change.
 */
export interface Provider<Settings = unknown, Session = unknown, State = unknown> {
  name: string;
  description: string;
  /** zod schema of an account's provider-specific settings (endpoint, names of credential environment variables). */
  accountSchema: z.ZodType<Settings>;
  kinds: KindDefinition[];
  /** Checks the expanded instances beyond their schema (URL rules, limits). No I/O. */
  validate(instances: Instance[], accounts: Account<Settings>[]): Diagnostic[];
  connect(ctx: ConnectContext<Settings>): Promise<Session>;
  /** Reads everything plan needs for these instances of one account. Never writes. */
  observe(session: Session, instances: Instance[]): Promise<Observation<State>>;
  /** Computes changes for one account. Pure: no I/O, no clock. */
  plan(instances: Instance[], observation: Observation<State>): { changes: Change[]; diagnostics: Diagnostic[] };
  /** Vendor-side validation of planned changes (e.g. Datadog's monitor validate endpoint). Never writes. */
  preflight?(session: Session, changes: Change[]): Promise<Diagnostic[]>;
  /** Applies one change. Idempotent; re-reads what it merges into, so a write is based on state seconds old. */
  apply(session: Session, change: Change): Promise<ChangeResult>;
  /** Releases connections and timers. */
  close?(session: Session): Promise<void>;
}
