/** Validation every kind that follows a region's egress shares: it needs a region, and that region needs networks. */
import type { Diagnostic, Instance } from "./types.js";

export function egressProblems(instances: readonly Instance[], code: Diagnostic["code"], what: string): Diagnostic[] {
  return instances.flatMap((instance): Diagnostic[] => {
    const severity = instance.region ? ("warning" as const) : ("error" as const);
    if (instance.region && (instance.egress?.ipv4.length ?? 0) + (instance.egress?.ipv6.length ?? 0) > 0) return [];
    const message = instance.region
      ? `${what} follows region '${instance.region}', which declares no egress networks: it adds nothing there`
      : `${what} declares no regions: its networks are the egress of the regions it lists`;
    const hint = instance.region
      ? `add regions.${instance.region}.egress (ipv4, ipv6), or leave the region out`
      : "add 'regions: [...]' to the declaration";
    return [{ severity, code, message, hint, instance: instance.id, at: instance.at }];
  });
}
