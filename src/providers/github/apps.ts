/** What the two app kinds share: their changes are all manual, planned per app from every region's redirect. */
import { z } from "zod";
import type { ApplyOutcome } from "../../core/kind.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { isPlainHttp } from "../../core/urls.js";
import { code } from "./codes.js";

/** App kinds carry no payload: no API writes an app's callback URLs. */
export const noPayload = z.undefined();

/** Never called: the engine applies no manual change, and app kinds plan nothing else. */
export async function applyNothing(): Promise<ApplyOutcome> {
  throw new Error("no API writes an app's callback URLs: a person makes this change");
}

export const regionLabel = (i: Instance) => i.region ?? "(no region)";

/** Instances naming one app (`sharing: "merge"`), in declaration order. */
export function byApp<S>(instances: Instance<S>[], identity: (i: Instance<S>) => string): Instance<S>[][] {
  const groups = new Map<string, Instance<S>[]>();
  for (const i of instances) groups.set(identity(i), [...(groups.get(identity(i)) ?? []), i]);
  return [...groups.values()];
}

/** A redirect over http off loopback would carry the authorization code unencrypted. */
export function insecureRedirects(instances: Instance<{ redirect_url: string }>[]): Diagnostic[] {
  return instances.flatMap((i): Diagnostic[] => {
    if (!isPlainHttp(i.spec.redirect_url)) return [];
    return [
      {
        severity: "error",
        code: code("insecure-redirect"),
        message: `redirect_url ${i.spec.redirect_url} uses http: the authorization code would travel unencrypted`,
        instance: i.id,
        at: i.fieldPositions.redirect_url ?? i.at,
      },
    ];
  });
}
