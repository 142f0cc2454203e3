/**
 * Export of paging services for `regionsync import`. Opsgenie services are listed; Datadog has
 * no list of PagerDuty services, so the names come from the ledger, the regions' paging handles and the
 * `@pagerduty-…` handles of the org's monitors (read from the one listing of monitors), each looked up by name. Keys
 * are write-only: each declaration names the variable that must hold its key.
 */
import type { ExportContext, ExportedObject, KindExport } from "../../core/kind.js";
import { mapLimit } from "../../core/retry.js";
import { keyEntry } from "./ledger-record.js";
import { allMonitors } from "./monitors-export.js";
import type { DatadogSession } from "./session.js";

const HANDLE = /@pagerduty-([A-Za-z0-9_.-]+)/g;

export async function exportPagerduty(session: DatadogSession, ctx: ExportContext): Promise<KindExport> {
  const { monitors, ledger } = await allMonitors(session, "pagerduty_service");
  const prefix = keyEntry("pagerduty", "");
  const recorded = Object.keys(ledger.keys)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  const texts = [...monitors.map((m) => m.message), ...ctx.regions.flatMap((r) => r.paging)];
  const handled = texts.flatMap((t) => [...t.matchAll(HANDLE)].map((m) => m[1]!.replace(/\.$/, "")));
  const names = [...new Set([...recorded, ...handled])].sort();
  const exists = await mapLimit(names, 8, (name) => session.pagerduty.exists(name));
  const objects: ExportedObject[] = [];
  const notes: string[] = [];
  names.forEach((name, i) => {
    if (!exists[i]) {
      notes.push(`@pagerduty-${name} is paged, but no such PagerDuty service exists`);
      return;
    }
    const spec = { service_key_env: ctx.valueVariable(`PAGERDUTY_KEY_${name}`) };
    objects.push({ name, object: name, spec, owned: recorded.includes(name) });
  });
  return { objects, notes };
}

export async function exportOpsgenie(session: DatadogSession, ctx: ExportContext): Promise<KindExport> {
  const { ledger } = await allMonitors(session, "opsgenie_service");
  const services = [...(await session.opsgenie.list())].sort((a, b) => (a.id < b.id ? -1 : 1));
  const objects = services.map((s) => ({
    name: s.name,
    object: s.id,
    spec: {
      opsgenie_region: s.region,
      ...(s.custom_url ? { custom_url: s.custom_url } : {}),
      api_key_env: ctx.valueVariable(`OPSGENIE_KEY_${s.name}`),
    },
    owned: keyEntry("opsgenie", s.name) in ledger.keys,
  }));
  return { objects, notes: [] };
}
