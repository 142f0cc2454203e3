/**
 * The provider contract, per resource kind. After crossplane-runtime's external client: observe never writes; apply is
 * idempotent (creating what exists, or deleting what is gone, succeeds). A provider declares its kinds; the engine
 * dispatches by kind, builds every change id and target, parses each payload with the kind's schema before apply, and
 * never asks a provider about dry-run (dry-run is "stop after plan").
 *
 * Per account, the engine calls: connect, then for every kind: observe (read-only), plan (pure), preflight (read-only
 * vendor-side checks of pending changes), and on apply, `apply` per change. Reads that several kinds share (a ledger,
 * one listing) are memoised on the session by the provider.
 */
import type { z } from "zod";
import type { Inputs, OutputRef, OutputSpec } from "./outputs.js";
import type { Change, ChangeAction } from "./plan.js";
import type { RequestCounter } from "./request-counter.js";
import type {
  Account,
  Diagnostic,
  Env,
  FieldDiff,
  Instance,
  Logger,
  ManualInstructions,
  Policy,
  Region,
  SecretSink,
} from "./types.js";

/** One planned operation as a kind describes it; the engine adds provider, account, kind, id, target and status. */
export interface ChangeDraft<Payload = unknown> {
  /**
   * The vendor object within its account and kind (`client_id`, `repo/environment`, a monitor's name or id). With
   * the action it must be unique in the kind's plan: it is part of the change id.
   */
  object: string;
  /** The vendor object's human name. */
  name: string;
  action: ChangeAction;
  declarations: string[];
  regions: string[];
  /** Defaults to `manage`; the engine turns drift on observe-only declarations into observe-only changes. */
  policy?: Policy;
  diffs: FieldDiff[];
  instructions?: ManualInstructions;
  /**
   * Changes with the same target are applied one after another, in plan order. Defaults to the object itself; a kind
   * whose writes share one vendor record (a ledger) names that record instead.
   */
  target?: string;
  delete_count?: number;
  /**
   * What `delete_count` counts when a delete removes entries from the object rather than the object itself (`URL`,
   * `entry`): the plan then reads "removes 3 URLs from …", and the blast-radius guard counts entries, not objects.
   */
  delete_unit?: string;
  /** A digest of the observed vendor state this change was computed from; a saved plan is stale when it differs. */
  basis: string;
  /**
   * What apply needs, checked by `Kind.payload` before apply. Never a secret value: apply reads the environment, or
   * resolves the output references (`BoundRef`) it carries.
   */
  payload?: Payload;
}

/** A planned change whose payload passed its kind's schema. */
export type TypedChange<Payload> = Omit<Change, "payload"> & { payload: Payload };

export interface KindObservation<State> {
  state: State;
  /** How many objects (or entries) regionsync owns of this kind in the account: the blast-radius denominator. */
  owned: number;
  diagnostics: Diagnostic[];
}

export interface KindPlan<Payload> {
  changes: ChangeDraft<Payload>[];
  diagnostics: Diagnostic[];
}

/** What a successful apply reports; a failure is thrown (its message says what happened and what was written). */
export interface ApplyOutcome {
  message?: string;
  /** Vendor ids created or touched, for the report. */
  ref?: string;
  /**
   * The outputs of the object as written (a new application's client id and secret), for changes of other accounts
   * that use them later in the same apply. Never logged or reported.
   */
  outputs?: Record<string, string>;
}

/** What a kind's objects produce for other declarations of their region (see `src/core/outputs.ts`). */
export interface KindOutputs<Spec, Session, State> {
  /** The outputs an instance exposes, by name. Static: references are checked against it when the file is loaded. */
  names: Readonly<Record<string, OutputSpec>>;
  /**
   * Reads the outputs of the object an instance names, after `observe` (read-only). `undefined` when the object does
   * not exist yet: its values are known after apply. Sensitive outputs are read only when `wanted` names them.
   */
  read(
    session: Session,
    state: State,
    instance: Instance<Spec>,
    wanted: readonly string[],
  ): Promise<Record<string, string> | undefined>;
}

/** What `regionsync import` hands a kind's `export`. */
export interface ExportContext {
  /** The regions the account serves: those bound to it, or every region when it is its provider's only account. */
  regions: readonly Region[];
  /** Every instance of the provider bound to the account: where the file already points (GitHub repositories). */
  instances: readonly Instance[];
  /** Places to read that the command line names (`import --within OWNER/REPO`), for vendors that cannot list all. */
  within: readonly string[];
  /** The variable a declaration names for a value (a key, a secret), from a proposal, following the naming rule. */
  valueVariable(proposal: string): string;
  /**
   * The one region of `regions` whose values (hosts, cloud region, values, name) `text` holds, and `text` without
   * them: to name an object the vendor leaves nameless (a webhook) after what it is for.
   */
  regionIn(text: string): { region: Region; rest: string } | undefined;
}

/** One vendor object, written as a declaration would declare it, with concrete values (no placeholders). */
export interface ExportedObject {
  /** The declaration's `name`. */
  name: string;
  /** The kind's own fields, in its schema's terms. */
  spec: Record<string, unknown>;
  /** The vendor object within its account; several slices of one object (see `region`) share it. */
  object: string;
  /**
   * The region the object serves, when the kind can tell: each slice of an object that serves several regions at
   * once (`sharing: "merge"`), which the importer folds into one template; a webhook whose URL is a region's. Absent:
   * the importer decides from the account's regions and the object's name.
   */
  region?: string;
  /** Fields that find the object without its name (an Auth0 `client_id`), for names two accounts share. */
  pin?: Record<string, unknown>;
  /** The object's tags, for `import --tag`. */
  tags?: readonly string[];
  /** regionsync owns it already: its declaration needs no adoption. */
  owned: boolean;
}

/** What a kind exports from one account: its objects, and what it left out and why (one sentence each). */
export interface KindExport {
  objects: ExportedObject[];
  notes: string[];
}

/**
 * One resource kind: its declaration schema (turned into validation, the JSON Schema and docs), its identity, and how
 * it observes, plans and applies. Methods take this kind's instances of one account only.
 */
export interface Kind<Spec = unknown, Session = unknown, State = unknown, Payload = unknown> {
  /** The key under `resources.<provider>` in desired-state.yaml, e.g. `applications`. */
  key: string;
  /** The kind's name in plans and change ids, e.g. `application`. */
  kind: string;
  description: string;
  /** zod schema of one declaration's own fields (without `name`, `regions`, `account`, `policy`, `allow_delete`). */
  schema: z.ZodType<Spec>;
  /** zod schema of this kind's change payload. */
  payload: z.ZodType<Payload>;
  /**
   * How many instances may name the same vendor object. `one`: a collision after expansion is an error. `merge`:
   * instances of one declaration bound to one account with the same identity are one object (one Auth0 application
   * serving two regions from one tenant), and the kind merges them.
   */
  sharing: "one" | "merge";
  /** The instance's identity within its account, for collision checks (e.g. the vendor object's name). */
  identity(instance: Instance<Spec>): string;
  /** Checks this kind's expanded instances beyond their schema (URL rules, limits). No I/O. */
  validate?(instances: Instance<Spec>[], accounts: Account[]): Diagnostic[];
  /** What this kind's objects produce for other declarations (an application's client id). */
  outputs?: KindOutputs<Spec, Session, State>;
  /**
   * Outputs this instance needs beyond the references written in its spec, with the field that asks for them (an
   * Auth0 application's `copy_from` reads the settings of its copy in another region). Checked like written references.
   */
  inputs?(instance: Instance<Spec>): Array<{ field: string; ref: OutputRef }>;
  /**
   * Reads everything plan needs for these instances (possibly none: owned objects may still need deleting). `inputs`
   * holds the outputs of other accounts' objects that the instances reference (the engine always passes it).
   */
  observe(session: Session, instances: Instance<Spec>[], inputs?: Inputs): Promise<KindObservation<State>>;
  /**
   * Computes changes. Pure: no I/O, no clock, no environment. An object made by hand that an instance declares is
   * adopted (an `adopt` change, then ordinary updates on the same target) only when the instance asks (`adopt`).
   */
  plan(
    instances: Instance<Spec>[],
    observed: KindObservation<State>,
    account: string,
    inputs?: Inputs,
  ): KindPlan<Payload>;
  /** Vendor-side validation of this kind's pending changes. Never writes. */
  preflight?(session: Session, changes: TypedChange<Payload>[]): Promise<Diagnostic[]>;
  /**
   * Applies one change. Idempotent; merges into a fresh read, so a person's concurrent edit survives. `inputs` resolves
   * the output references of the payload, including outputs written earlier in this apply. An `adopt` writes the
   * ownership record only, never the object's content.
   */
  apply(session: Session, change: TypedChange<Payload>, inputs?: Inputs): Promise<ApplyOutcome>;
  /**
   * What exists in the account, for `regionsync import`: list requests only, read-only. Absent: the kind cannot be
   * imported (no API lists its objects).
   */
  export?(session: Session, ctx: ExportContext): Promise<KindExport>;
}

/** What a provider connects with. */
export interface ConnectContext<Settings = unknown> {
  account: Account<Settings>;
  env: Env;
  logger: Logger;
  /**
   * Where the session registers every credential it reads (its `*_env` values) or obtains at run time (an access
   * token, an installation token, a signed JWT) before anything could print it; the CLI's redactor.
   */
  secrets: SecretSink;
  /**
   * The longest one request may take before it counts as failed, and is retried when that is safe. The operator sets
   * it (`REGIONSYNC_REQUEST_TIMEOUT_MS`), `DEFAULT_REQUEST_TIMEOUT_MS` when unset.
   */
  requestTimeoutMs: number;
  /**
   * Where the session counts each request it sends, each retry and each rate-limit answer (the request metrics); bound
   * to this account. Sessions call it where they send, retry and read a 429.
   */
  requests?: RequestCounter;
  /**
   * The fetch every vendor request goes through, with the operator's proxy settings (`HTTPS_PROXY`, `NO_PROXY`)
   * applied; the global fetch when absent.
   */
  fetch?: typeof fetch;
}

/** The request timeout when the operator sets none. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Where an account's credentials may be sent and which variables may hold them. desired-state.yaml arrives in pull
 * requests and is planned before review, so the file alone never decides either: what falls outside these rules needs
 * the operator's allowance, given outside the file (see docs/security.md).
 */
export interface ProviderTrust<Settings = unknown> {
  /** The account's credential variables (its `*_env` settings) must start with one of these. */
  credentialPrefixes: readonly string[];
  /** Each URL the account's credentials are sent to, with the setting that decides it (`endpoint` wins). */
  destinations(account: Account<Settings>): Array<{ setting: string; url: string }>;
  /** The vendor's own API hosts: sending credentials there needs no allowance. */
  vendorOwned(url: URL): boolean;
}

/**
 * A vendor plugin: its account settings, its kinds and its connection. The module that defines it must not load the
 * vendor's SDK: `connect` imports it, so commands that contact no vendor never pay for it.
 */
export interface Provider<Settings = unknown, Session = unknown> {
  name: string;
  description: string;
  /** zod schema of an account's provider-specific settings (names of credential environment variables, a domain). */
  accountSchema: z.ZodType<Settings>;
  /** In the order their changes are applied within an account (paging targets before the monitors that page them). */
  kinds: readonly Kind<unknown, Session, unknown, unknown>[];
  trust: ProviderTrust<Settings>;
  /** This provider's diagnostic codes (without the `<provider>.` prefix) and what each means. */
  codes: Readonly<Record<string, string>>;
  /**
   * Changes applied at once per account unless the file sets `settings.concurrency`: what the vendor's rate limits
   * let through (the engine's default, 4, when absent).
   */
  concurrency?: number;
  /** Checks accounts and rules that span kinds. No I/O. */
  validate?(instances: Instance[], accounts: Account<Settings>[]): Diagnostic[];
  connect(ctx: ConnectContext<Settings>): Promise<Session>;
  /** Releases connections and timers. */
  close?(session: Session): Promise<void>;
}
