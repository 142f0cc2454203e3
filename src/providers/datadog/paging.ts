/** What the paging kinds (PagerDuty, Opsgenie, notification rules) share: ledger-serialised changes and key checks. */
import type { Change, ChangeResult, Diagnostic, Env, Instance } from "../../core/types.js";
import { keyFingerprint } from "./digest.js";
import type { LedgerSource } from "./ledger-record.js";

/** Every change that writes the ledger has this target, so the engine applies them one at a time. */
export const ledgerTarget = (account: string) => `${account}/datadog-ledger`;

export function pagingChange(
  account: string,
  kind: string,
  name: string,
  action: Change["action"],
  fields: Pick<Change, "basis" | "diffs" | "payload"> & Partial<Change>,
  instance?: Instance,
): Change {
  return {
    id: `datadog:${account}:${kind}:${name}:${action}`,
    provider: "datadog",
    account,
    kind,
    name,
    action,
    declarations: instance ? [instance.declaration] : [],
    regions: instance?.region ? [instance.region] : [],
    policy: instance?.policy ?? "manage",
    ...fields,
  };
}

/** A removed object, attributed through the ledger to the declaration and region it was made for. */
export function attributed(source: LedgerSource): Pick<Change, "declarations" | "regions"> {
  return {
    declarations: source.declaration ? [source.declaration] : [],
    regions: source.region ? [source.region] : [],
  };
}

export const sourceOf = (instance: Instance): LedgerSource => ({
  declaration: instance.declaration,
  ...(instance.region ? { region: instance.region } : {}),
});

/**
 * The fingerprint of the key the environment holds now, computed during observe because plan may not read the
 * environment. A missing variable is an error on that instance.
 */
export function fingerprintFromEnv(
  env: Env,
  entry: string,
  keyEnv: string,
  instance: Instance,
  diagnostics: Diagnostic[],
): string | undefined {
  const key = env[keyEnv];
  if (key) return keyFingerprint(entry, key);
  diagnostics.push({
    severity: "error",
    message: `${instance.kind} "${(instance.spec as { name: string }).name}": environment variable ${keyEnv} is not set`,
    hint: `export ${keyEnv} with the integration key`,
    instance: instance.id,
  });
  return undefined;
}

/** Reads a key for apply and checks it is the one the plan was made with. */
export function keyForApply(
  env: Env,
  entry: string,
  keyEnv: string,
  fingerprint: string,
): { key?: string; error?: string } {
  const key = env[keyEnv];
  if (!key) return { error: `environment variable ${keyEnv} is not set` };
  if (keyFingerprint(entry, key) !== fingerprint)
    return { error: `the key in ${keyEnv} changed since the plan; plan again` };
  return { key };
}

export function result(change: Change, status: ChangeResult["status"], message?: string, ref?: string): ChangeResult {
  return { changeId: change.id, status, ...(message ? { message } : {}), ...(ref ? { ref } : {}) };
}

export const sensitiveKeyDiff = (path: string, op: "add" | "change") => ({ path, op, sensitive: true });
