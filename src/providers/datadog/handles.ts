/**
 * Paging handles that almost name a declared paging service: `@pagerduty-Platform-EU` in a message while the service is
 * declared as `Platform-eu`. Datadog resolves a handle by the service's name; whether it ignores case is not documented,
 * so a handle that differs only in case is worth a warning before it silently pages nobody.
 */
import type { Diagnostic, Instance } from "../../core/types.js";
import { code } from "./codes.js";
import { specOf } from "./drafts.js";

const integrations = { pagerduty_service: "pagerduty", opsgenie_service: "opsgenie" } as const;

/** Handles in a monitor message (`@pagerduty-x`) or a rule's recipients (`pagerduty-x`). */
function handlesOf(instance: Instance): string[] {
  const spec = instance.spec as { message?: string; recipients?: string[] };
  const fromMessage = [...(spec.message ?? "").matchAll(/@((?:pagerduty|opsgenie)-[^\s,]+)/g)].map((m) => m[1]!);
  const fromRecipients = (spec.recipients ?? []).map((r) => r.replace(/^@/, ""));
  return [...fromMessage, ...fromRecipients];
}

export function checkHandles(instances: Instance[]): Diagnostic[] {
  const services = instances.flatMap((i) => {
    const integration = integrations[i.kind as keyof typeof integrations];
    return integration ? [{ account: i.account, handle: `${integration}-${specOf(i).name}` }] : [];
  });
  const diagnostics: Diagnostic[] = [];
  for (const instance of instances) {
    for (const handle of handlesOf(instance)) {
      const near = services.find(
        (s) => s.account === instance.account && s.handle !== handle && s.handle.toLowerCase() === handle.toLowerCase(),
      );
      if (!near) continue;
      diagnostics.push({
        severity: "warning",
        code: code("handle-case"),
        message: `${instance.kind} "${specOf(instance).name}" pages ${handle}, but the service is declared as ${near.handle}`,
        hint: "spell the handle exactly as the service's name",
        instance: instance.id,
        at: instance.at,
      });
    }
  }
  return diagnostics;
}
