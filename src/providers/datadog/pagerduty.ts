/**
 * PagerDuty services of Datadog's PagerDuty integration (what `@pagerduty-<service>` in a message pages). Datadog has
 * no list endpoint and never returns the key, so each declared service is looked up by name and its key is compared
 * through the fingerprint the ledger keeps (see ledger.ts).
 */
import { z } from "zod";
import { mapLimit } from "../../core/retry.js";
import type { Change, ChangeResult, Diagnostic, Instance } from "../../core/types.js";
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

export const PAGERDUTY_KIND = "pagerduty_service";

export const pagerdutySchema = z.strictObject({
  service_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .describe("Environment variable holding the service's integration key (write-only in Datadog)."),
});

export type PagerDutyInstance = Instance<z.infer<typeof pagerdutySchema> & { name: string }>;

export interface PagerDutyState {
  /** Declared services that exist in Datadog. */
  existing: string[];
  /** Fingerprint of the key the environment holds now, per declared service. */
  wanted: Record<string, string>;
}

export interface PagerDutyPayload {
  service: string;
  keyEnv?: string;
  fingerprint?: string;
  source?: LedgerSource;
}

export async function observePagerDuty(
  session: DatadogSession,
  instances: PagerDutyInstance[],
  diagnostics: Diagnostic[],
): Promise<PagerDutyState> {
  const found = await mapLimit(instances, 8, async (i) => {
    try {
      await session.pagerduty.getPagerDutyIntegrationService({ serviceName: i.spec.name });
      return i.spec.name;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  });
  const wanted: Record<string, string> = {};
  for (const i of instances) {
    const entry = keyEntry("pagerduty", i.spec.name);
    const fp = fingerprintFromEnv(session.env, entry, i.spec.service_key_env, i, diagnostics);
    if (fp) wanted[i.spec.name] = fp;
  }
  return { existing: found.filter((n): n is string => n !== undefined), wanted };
}

export function planPagerDuty(account: string, instances: PagerDutyInstance[], state: PagerDutyState, ledger: Ledger) {
  const changes: Change[] = [];
  const declared = new Set<string>();
  for (const instance of instances) {
    const service = instance.spec.name;
    declared.add(service);
    const fingerprint = state.wanted[service];
    if (!fingerprint) continue;
    const recorded = ledger.keys[keyEntry("pagerduty", service)];
    const exists = state.existing.includes(service);
    if (exists && recorded?.fingerprint === fingerprint) continue;
    const payload: PagerDutyPayload = {
      service,
      keyEnv: instance.spec.service_key_env,
      fingerprint,
      source: sourceOf(instance),
    };
    changes.push(
      pagingChange(
        account,
        PAGERDUTY_KIND,
        service,
        exists ? "update" : "create",
        {
          // A service that exists without a ledger record was made by hand or before regionsync: its key is unknown,
          // so it is written once and recorded.
          diffs: [sensitiveKeyDiff("service_key", exists ? "change" : "add")],
          basis: digestOf({ exists, recorded: recorded?.fingerprint ?? null }),
          payload,
          target: ledgerTarget(account),
        },
        instance,
      ),
    );
  }
  for (const [entry, recorded] of Object.entries(ledger.keys)) {
    const service = entry.slice("pagerduty:".length);
    if (!entry.startsWith("pagerduty:") || declared.has(service)) continue;
    changes.push(
      pagingChange(account, PAGERDUTY_KIND, service, "delete", {
        ...attributed(recorded),
        diffs: [{ path: "service", op: "remove", before: service }],
        deleteCount: 1,
        basis: digestOf({ recorded: recorded.fingerprint }),
        payload: { service } satisfies PagerDutyPayload,
        target: ledgerTarget(account),
      }),
    );
  }
  return changes;
}

export async function applyPagerDuty(session: DatadogSession, change: Change): Promise<ChangeResult> {
  const { service, keyEnv, fingerprint, source } = change.payload as PagerDutyPayload;
  const entry = keyEntry("pagerduty", service);
  const api = session.pagerduty;
  try {
    if (change.action === "delete") {
      await api.deletePagerDutyIntegrationService({ serviceName: service }).catch((error: unknown) => {
        if (statusOf(error) !== 404) throw error;
      });
      await updateLedger(session, (ledger) => {
        delete ledger.keys[entry];
      });
      return result(change, "applied");
    }
    const { key, error } = keyForApply(session.env, entry, keyEnv!, fingerprint!);
    if (!key) return result(change, "failed", error);
    // Create and update each fall back to the other, so a service made or removed since the plan is still right.
    const create = () => api.createPagerDutyIntegrationService({ body: { serviceName: service, serviceKey: key } });
    const update = () => api.updatePagerDutyIntegrationService({ serviceName: service, body: { serviceKey: key } });
    if (change.action === "create") {
      await create().catch(async (e: unknown) => {
        if (statusOf(e) !== 409 && statusOf(e) !== 400) throw e;
        await update();
      });
    } else {
      await update().catch(async (e: unknown) => {
        if (statusOf(e) !== 404) throw e;
        await create();
      });
    }
    await updateLedger(session, (ledger) => {
      ledger.keys[entry] = { fingerprint: fingerprint!, ...source };
    });
    return result(change, "applied", undefined, service);
  } catch (error) {
    return result(change, "failed", describeError(error));
  }
}
