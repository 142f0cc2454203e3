/**
 * Paging services with a write-only key (PagerDuty and Opsgenie services of Datadog's integrations), observed, planned
 * and applied once for both: each kind configures this flow with its vendor calls. Datadog never returns a key, so the
 * key is compared through the fingerprint the ledger keeps (see ledger.ts), and the ledger is the record of which
 * services regionsync made.
 */
import { z } from "zod";
import type { ChangeDraft, Kind, KindPlan } from "../../core/kind.js";
import type { Diagnostic, FieldDiff, Instance } from "../../core/types.js";
import { code } from "./codes.js";
import { digestOf, keyFingerprint } from "./digest.js";
import { byName, draftFor, type Named, specOf } from "./drafts.js";
import { planned, statusOf, unlessGone } from "./errors.js";
import { attributed, ledgerTarget, observeLedger, sourceOf, updateLedger } from "./ledger.js";
import { keyEntry, type Ledger, type LedgerSource, ledgerSourceSchema } from "./ledger-record.js";
import type { DatadogSession } from "./session.js";

/** A service as the vendor holds it now. */
export interface KeyedService<Fields> {
  /** The vendor's id for it (PagerDuty names a service by its name). */
  id: string;
  /** Its fields besides the key, where the vendor has any. */
  fields?: Fields;
}

export interface KeyedPayload<Fields> {
  service: string;
  /** For deletes: the service to delete, so a namesake made since the plan is not taken for it. */
  id?: string;
  attributes?: Fields;
  keyEnv?: string;
  fingerprint?: string;
  source?: LedgerSource;
}

export interface KeyedState<Fields> {
  ledger: Ledger;
  /** Services by name: the declared ones that exist and the ones the ledger records. */
  services: Map<string, KeyedService<Fields>>;
  /** Fingerprint of the key the environment holds now, per declared service. */
  wanted: Record<string, string>;
}

/** What a vendor brings to the flow. */
export interface KeyedVendor<Spec, Fields> {
  /** The ledger's prefix for its keys, and the handle's (`@pagerduty-<service>`). */
  integration: "pagerduty" | "opsgenie";
  /** The write-only key's field, as plans show it. */
  keyPath: string;
  attributes: z.ZodType<Fields>;
  keyEnv(spec: Named<Spec>): string;
  /** The declared fields besides the key; none for a vendor without any. */
  fields?(spec: Named<Spec>): Fields;
  diff?(existing: Fields, desired: Fields): FieldDiff[];
  /** Checks an instance beyond its schema; an instance with errors is not planned. */
  check?(instance: Instance<Spec>): Diagnostic[];
  /** The services plan compares, by name, for the names declared and recorded in the ledger. */
  observe(session: DatadogSession, declared: string[], recorded: string[]): Promise<Map<string, KeyedService<Fields>>>;
  /** The service's id as it is now, or undefined when there is none. */
  find(session: DatadogSession, name: string): Promise<string | undefined>;
  /** Returns the new service's id. */
  create(session: DatadogSession, payload: KeyedPayload<Fields>, key: string): Promise<string>;
  update(session: DatadogSession, id: string, payload: KeyedPayload<Fields>, key: string): Promise<void>;
  remove(session: DatadogSession, id: string): Promise<void>;
  /** What exists, for `regionsync import`. */
  export?: Kind<Spec, DatadogSession>["export"];
}

type KindMeta<Spec> = Pick<Kind<Spec>, "key" | "kind" | "description" | "schema">;

/**
 * The fingerprint of the key the environment holds now, computed during observe because plan may not read the
 * environment. A missing variable is an error on that instance.
 */
function wantedKeys<Spec, Fields>(
  session: DatadogSession,
  instances: Instance<Spec>[],
  vendor: KeyedVendor<Spec, Fields>,
) {
  const wanted: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  for (const instance of instances) {
    const spec = specOf(instance);
    const keyEnv = vendor.keyEnv(spec);
    const key = session.env[keyEnv];
    session.secrets.add(key);
    if (key) wanted[spec.name] = keyFingerprint(keyEntry(vendor.integration, spec.name), key);
    else {
      diagnostics.push({
        severity: "error",
        code: code("key-env-missing"),
        message: `${instance.kind} "${spec.name}": environment variable ${keyEnv} is not set`,
        hint: `export ${keyEnv} with the integration key`,
        instance: instance.id,
      });
    }
  }
  return { wanted, diagnostics };
}

/** Reads a key for apply and checks it is the one the plan was made with. */
function keyForApply(session: DatadogSession, entry: string, keyEnv: string, fingerprint: string): string {
  const key = session.env[keyEnv];
  if (!key) throw new Error(`environment variable ${keyEnv} is not set`);
  session.secrets.add(key);
  if (keyFingerprint(entry, key) !== fingerprint)
    throw new Error(`the key in ${keyEnv} changed since the plan; plan again`);
  return key;
}

function planKeyed<Spec, Fields>(
  vendor: KeyedVendor<Spec, Fields>,
  instances: Instance<Spec>[],
  { ledger, services, wanted }: KeyedState<Fields>,
  account: string,
): KindPlan<KeyedPayload<Fields>> {
  const changes: ChangeDraft<KeyedPayload<Fields>>[] = [];
  const declared = new Set<string>();
  for (const instance of instances) {
    const spec = specOf(instance);
    declared.add(spec.name);
    const fingerprint = wanted[spec.name];
    if (!fingerprint || (vendor.check?.(instance).length ?? 0) > 0) continue;
    const existing = services.get(spec.name);
    const recorded = ledger.keys[keyEntry(vendor.integration, spec.name)];
    const desired = vendor.fields?.(spec);
    const diffs = existing?.fields && desired && vendor.diff ? vendor.diff(existing.fields, desired) : [];
    const payload = {
      service: spec.name,
      ...(desired ? { attributes: desired } : {}),
      keyEnv: vendor.keyEnv(spec),
      fingerprint,
      source: sourceOf(instance),
    };
    const common = { diffs, basis: basisOf(existing, recorded?.fingerprint), target: ledgerTarget(account), payload };
    // A service that exists without a ledger record was made by hand or before regionsync: its key is unknown. Adopted
    // (when asked), the key in the environment is taken to be the one it holds, and only the ledger is written;
    // otherwise the key is written once and recorded.
    if (existing && !recorded && instance.adopt) {
      const ownership = [
        { path: "ownership", op: "add" as const, after: `ledger ${keyEntry(vendor.integration, spec.name)}` },
      ];
      changes.push({ ...draftFor(instance, spec.name, "adopt"), ...common, diffs: ownership });
    } else if (!existing || recorded?.fingerprint !== fingerprint) {
      diffs.push({ path: vendor.keyPath, op: existing ? "change" : "add", sensitive: true });
    }
    if (diffs.length === 0) continue;
    changes.push({ ...draftFor(instance, spec.name, existing ? "update" : "create"), ...common });
  }
  for (const [service, recorded] of recordedServices(ledger, vendor.integration)) {
    const existing = services.get(service);
    if (declared.has(service) || !existing) continue;
    changes.push({
      object: service,
      name: service,
      action: "delete",
      ...attributed(recorded),
      diffs: [{ path: "service", op: "remove", before: service }],
      delete_count: 1,
      basis: basisOf(existing, recorded.fingerprint),
      target: ledgerTarget(account),
      payload: { service, id: existing.id },
    });
  }
  return { changes, diagnostics: [] };
}

const basisOf = (existing: KeyedService<unknown> | undefined, recorded: string | undefined) =>
  digestOf({
    exists: existing !== undefined,
    recorded: recorded ?? null,
    ...(existing?.fields ? { fields: existing.fields } : {}),
  });

function recordedServices(ledger: Ledger, integration: KeyedVendor<unknown, unknown>["integration"]) {
  const prefix = keyEntry(integration, "");
  return Object.entries(ledger.keys)
    .filter(([entry]) => entry.startsWith(prefix))
    .map(([entry, recorded]) => [entry.slice(prefix.length), recorded] as const);
}

/** The kind of a keyed paging service: its declaration as `meta` says, its vendor calls as `vendor` says. */
export function keyedServiceKind<Spec, Fields>(
  meta: KindMeta<Spec>,
  vendor: KeyedVendor<Spec, Fields>,
): Kind<Spec, DatadogSession, KeyedState<Fields>, KeyedPayload<Fields>> {
  const payload: z.ZodType<KeyedPayload<Fields>> = z.object({
    service: z.string(),
    id: z.string().optional(),
    attributes: vendor.attributes.optional(),
    keyEnv: z.string().optional(),
    fingerprint: z.string().optional(),
    source: ledgerSourceSchema.optional(),
  });
  const check = vendor.check;
  return {
    ...meta,
    payload,
    sharing: "one",
    identity: byName,
    ...(check ? { validate: (instances: Instance<Spec>[]) => instances.flatMap((i) => check(i)) } : {}),
    ...(vendor.export ? { export: vendor.export } : {}),

    async observe(session, instances) {
      const ledger = await observeLedger(session, meta.kind);
      const recorded = recordedServices(ledger, vendor.integration).map(([service]) => service);
      const declared = instances.map((i) => specOf(i).name);
      const { wanted, diagnostics } = wantedKeys(session, instances, vendor);
      // A vendor is asked only when some services are declared or owned: an org without any costs no request.
      const services =
        declared.length + recorded.length > 0 ? await vendor.observe(session, declared, recorded) : new Map();
      return { state: { ledger, services, wanted }, owned: recorded.length, diagnostics };
    },

    plan: (instances, observed, account) => planKeyed(vendor, instances, observed.state, account),

    async apply(session, change) {
      const p = change.payload;
      const entry = keyEntry(vendor.integration, p.service);
      if (change.action === "delete") {
        const id = planned(p.id, "id");
        await unlessGone(vendor.remove(session, id));
        await updateLedger(session, (ledger) => {
          delete ledger.keys[entry];
        });
        return { ref: id };
      }
      const fingerprint = planned(p.fingerprint, "fingerprint");
      const key = keyForApply(session, entry, planned(p.keyEnv, "keyEnv"), fingerprint);
      // Looked up now rather than trusted from the plan, so a service made or removed since is still right.
      let ref = await vendor.find(session, p.service);
      if (change.action === "adopt") {
        if (ref === undefined) throw new Error(`service ${p.service} no longer exists; plan again`);
        await updateLedger(session, (ledger) => {
          ledger.keys[entry] = { fingerprint, ...p.source };
        });
        return { ref, message: "adopted: recorded in the ledger, the service and its key left as they are" };
      }
      if (ref !== undefined) await vendor.update(session, ref, p, key);
      else {
        // A service found after an ambiguous failure was most likely made by that attempt; the update makes sure it
        // holds the key the ledger will record.
        const completed = async () => {
          const found = await vendor.find(session, p.service);
          if (found !== undefined) await vendor.update(session, found, p, key);
          return found;
        };
        ref = await session
          .createOnce(() => vendor.create(session, p, key), completed)
          .catch(async (error) => {
            // Datadog refuses a second service of one name: another run made it meanwhile, and gets the key too.
            const found = statusOf(error) === 409 ? await completed() : undefined;
            if (found === undefined) throw error;
            return found;
          });
      }
      await updateLedger(session, (ledger) => {
        ledger.keys[entry] = { fingerprint, ...p.source };
      });
      return { ref };
    },
  };
}
