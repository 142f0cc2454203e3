/**
 * Adopting an application (`adopt: true` or `--adopt`): the declared URLs it already holds become regionsync's, so
 * removing one from the file later removes it from Auth0. Only the ownership record in `client_metadata` is written;
 * without adoption such URLs are never claimed, since a person put them there.
 */
import type { ChangeDraft } from "../../core/kind.js";
import type { FieldDiff } from "../../core/types.js";
import type { DesiredApp } from "./applications-desired.js";
import { applyIntent, type Intent } from "./applications-intent.js";
import { ownershipToken, readOwnership } from "./applications-ownership.js";
import { type ObservedApp, URL_FIELDS } from "./applications-schema.js";

type Draft = ChangeDraft<Intent>;

/** The adoption of `app` for `desired`, or undefined when nothing declared is left to claim. */
export function planAdoption(
  desired: DesiredApp,
  app: ObservedApp,
  common: Omit<Draft, "action" | "diffs" | "regions">,
) {
  if (!desired.adopt) return undefined;
  const owned = readOwnership(app.client_metadata);
  const claim: Intent["claim"] = {};
  for (const field of URL_FIELDS) {
    const present = desired.urls[field].filter((u) => app[field].includes(u) && !owned.has(ownershipToken(field, u)));
    if (present.length > 0) claim[field] = present;
  }
  const login = desired.initiateLoginUri;
  const claimLogin =
    login && app.initiate_login_uri === login && !owned.has(ownershipToken("initiate_login_uri", login))
      ? login
      : undefined;
  const payload: Intent = { clientId: app.client_id, name: app.name, claim, ...(claimLogin ? { claimLogin } : {}) };
  const result = applyIntent(app, payload);
  const diffs: FieldDiff[] = Object.entries(result.claimed).flatMap(([field, urls]) =>
    urls.map((url) => ({ path: `ownership.${field}`, op: "add" as const, after: url })),
  );
  if (diffs.length === 0 || result.problems.length > 0) return undefined;
  const regions = desired.instances.flatMap((i) => {
    const claimsOne =
      URL_FIELDS.some((f) => (claim[f] ?? []).some((u) => i.spec[f]?.includes(u))) ||
      (claimLogin !== undefined && i.spec.initiate_login_uri === claimLogin);
    return i.region && claimsOne ? [i.region] : [];
  });
  return { ...common, action: "adopt", regions: [...new Set(regions)], diffs, payload } satisfies Draft;
}
