/**
 * Opsgenie services of Datadog's Opsgenie integration (what `@opsgenie-<service>` pages). Unlike PagerDuty they can
 * be listed, so one request observes them all; the API key is write-only and compared through the ledger (ledger.ts).
 */
import { z } from "zod";
import type { Change, ChangeResult, Diagnostic, FieldDiff, Instance } from "../../core/types.js";
import { digestOf } from "./digest.js";
import { describeError, statusOf } from "./errors.js";
import { updateLedger } from "./ledger.js";
import { keyEntry, type Ledger, type LedgerSource } from "./ledger-record.js";
import {
  attributed,
  fingerprintFromEnv,
  keyForApply,
  ledgerTarget,
  pagingChange,
  result,
  sensitiveKeyDiff,
  sourceOf,
} from "./paging.js";
import type { DatadogSession } from "./session.js";

export const OPSGENIE_KIND = "opsgenie_service";

export const opsgenieSchema = z.strictObject({
  opsgenie_region: z
    .enum(["us", "eu", "custom"])
    .describe("The Opsgenie instance the service lives on (Datadog's `region`), not a company region."),
  custom_url: z.url().optional().describe("The Opsgenie URL when `opsgenie_region` is `custom`."),
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .describe("Environment variable holding the Opsgenie API key (write-only in Datadog)."),
});

export type OpsgenieInstance = Instance<z.infer<typeof opsgenieSchema> & { name: string }>;

export interface ObservedOpsgenie {
  id: string;
  name: string;
  region: string;
  custom_url: string | null;
}

export interface OpsgenieState {
  services: ObservedOpsgenie[];
  /** Fingerprint of the key the environment holds now, per declared service. */
  wanted: Record<string, string>;
}

interface Attributes {
  name: string;
  region: string;
  custom_url: string | null;
}

export interface OpsgeniePayload {
  id?: string;
  attributes?: Attributes;
  keyEnv?: string;
  fingerprint?: string;
  source?: LedgerSource;
}

export function validateOpsgenie(instance: OpsgenieInstance): Diagnostic[] {
  const { opsgenie_region, custom_url, name } = instance.spec;
  if ((opsgenie_region === "custom") === (custom_url !== undefined)) return [];
  return [
    {
      severity: "error",
      message: `Opsgenie service "${name}": custom_url goes with opsgenie_region: custom, and only with it`,
      instance: instance.id,
      at: instance.at,
    },
  ];
}

export async function observeOpsgenie(
  session: DatadogSession,
  instances: OpsgenieInstance[],
  diagnostics: Diagnostic[],
): Promise<OpsgenieState> {
  const { opsgenie, serializer } = await session.v2();
  const response = await opsgenie.listOpsgenieServices();
  const wire = serializer.serialize(response, "OpsgenieServicesResponse", "") as {
    data?: Array<{ id: string; attributes?: Partial<Attributes> }>;
  };
  const services = (wire.data ?? []).map((d) => ({
    id: d.id,
    name: d.attributes?.name ?? "",
    region: d.attributes?.region ?? "",
    custom_url: d.attributes?.custom_url ?? null,
  }));
  const wanted: Record<string, string> = {};
  for (const i of instances) {
    const fp = fingerprintFromEnv(session.env, keyEntry("opsgenie", i.spec.name), i.spec.api_key_env, i, diagnostics);
    if (fp) wanted[i.spec.name] = fp;
  }
  return { services, wanted };
}

export function planOpsgenie(account: string, instances: OpsgenieInstance[], state: OpsgenieState, ledger: Ledger) {
  const changes: Change[] = [];
  const declared = new Set<string>();
  for (const instance of instances) {
    const { name, opsgenie_region, custom_url, api_key_env } = instance.spec;
    declared.add(name);
    const fingerprint = state.wanted[name];
    if (!fingerprint || validateOpsgenie(instance).length > 0) continue;
    const desired: Attributes = { name, region: opsgenie_region, custom_url: custom_url ?? null };
    const existing = state.services.find((s) => s.name === name);
    const recorded = ledger.keys[keyEntry("opsgenie", name)];
    const diffs: FieldDiff[] = [];
    if (existing && existing.region !== desired.region) {
      diffs.push({ path: "opsgenie_region", op: "change", before: existing.region, after: desired.region });
    }
    if (existing && existing.custom_url !== desired.custom_url) {
      diffs.push({ path: "custom_url", op: "change", before: existing.custom_url, after: desired.custom_url });
    }
    if (!existing || recorded?.fingerprint !== fingerprint) {
      diffs.push(sensitiveKeyDiff("api_key", existing ? "change" : "add"));
    }
    if (diffs.length === 0) continue;
    const payload: OpsgeniePayload = {
      ...(existing ? { id: existing.id } : {}),
      attributes: desired,
      keyEnv: api_key_env,
      fingerprint,
      source: sourceOf(instance),
    };
    changes.push(
      pagingChange(
        account,
        OPSGENIE_KIND,
        name,
        existing ? "update" : "create",
        {
          diffs,
          basis: digestOf({ existing: existing ?? null, recorded: recorded?.fingerprint ?? null }),
          payload,
          target: ledgerTarget(account),
        },
        instance,
      ),
    );
  }
  for (const [entry, recorded] of Object.entries(ledger.keys)) {
    const name = entry.slice("opsgenie:".length);
    const existing = state.services.find((s) => s.name === name);
    if (!entry.startsWith("opsgenie:") || declared.has(name) || !existing) continue;
    changes.push(
      pagingChange(account, OPSGENIE_KIND, name, "delete", {
        ...attributed(recorded),
        diffs: [{ path: "service", op: "remove", before: name }],
        deleteCount: 1,
        basis: digestOf(existing),
        payload: { id: existing.id, attributes: existing } satisfies OpsgeniePayload,
        target: ledgerTarget(account),
      }),
    );
  }
  return changes;
}

export async function applyOpsgenie(session: DatadogSession, change: Change): Promise<ChangeResult> {
  const { id, attributes, keyEnv, fingerprint, source } = change.payload as OpsgeniePayload;
  const entry = keyEntry("opsgenie", attributes!.name);
  try {
    const { opsgenie, serializer } = await session.v2();
    if (change.action === "delete") {
      await opsgenie.deleteOpsgenieService({ integrationServiceId: id! }).catch((error: unknown) => {
        if (statusOf(error) !== 404) throw error;
      });
      await updateLedger(session, (ledger) => {
        delete ledger.keys[entry];
      });
      return result(change, "applied", undefined, id);
    }
    const { key, error } = keyForApply(session.env, entry, keyEnv!, fingerprint!);
    if (!key) return result(change, "failed", error);
    const fields = { ...attributes!, opsgenie_api_key: key };
    const update = (serviceId: string) =>
      opsgenie.updateOpsgenieService({
        integrationServiceId: serviceId,
        body: serializer.deserialize(
          { data: { id: serviceId, type: "opsgenie-service", attributes: fields } },
          "OpsgenieServiceUpdateRequest",
          "",
        ),
      });
    let ref = id;
    if (change.action === "create") {
      // A retried apply finds the service its first attempt created.
      const listed = serializer.serialize(await opsgenie.listOpsgenieServices(), "OpsgenieServicesResponse", "") as {
        data?: Array<{ id: string; attributes?: { name?: string } }>;
      };
      ref = listed.data?.find((d) => d.attributes?.name === attributes!.name)?.id;
      if (ref) await update(ref);
      else {
        const { custom_url, ...create } = fields;
        const created = await opsgenie.createOpsgenieService({
          body: serializer.deserialize(
            { data: { type: "opsgenie-service", attributes: custom_url ? fields : create } },
            "OpsgenieServiceCreateRequest",
            "",
          ),
        });
        ref = created.data?.id;
      }
    } else {
      await update(id!);
    }
    await updateLedger(session, (ledger) => {
      ledger.keys[entry] = { fingerprint: fingerprint!, ...source };
    });
    return result(change, "applied", undefined, ref);
  } catch (error) {
    return result(change, "failed", describeError(error));
  }
}
