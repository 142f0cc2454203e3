/**
 * Vendor-side validation of pending changes, per account and kind (Datadog's monitor validate endpoint, say). Read-only.
 * A change whose payload does not match its kind's schema is a provider bug: it is held with an error.
 */
import type { TypedChange } from "../core/kind.js";
import type { Change } from "../core/plan.js";
import type { Account, Diagnostic, Logger } from "../core/types.js";
import { checkPayload, kindOf } from "./kinds.js";
import type { SessionPool } from "./session-pool.js";

export async function preflight(
  changes: Change[],
  accounts: Account[],
  pool: SessionPool,
  logger: Logger,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const groups = new Map<string, { account: Account; changes: TypedChange<unknown>[] }>();
  for (const c of changes) {
    // A manual change is for a person: nothing is sent, so there is no payload to check (as in apply).
    if (c.status !== "pending" || c.action === "manual") continue;
    const checked = checkPayload(pool.providers, c);
    if ("error" in checked) {
      diagnostics.push({ severity: "error", code: "preflight-failed", message: checked.error, change: c.id });
      continue;
    }
    const account = accounts.find((a) => a.name === c.account);
    if (!account || !kindOf(pool.providers, c).preflight) continue;
    const key = `${c.account}\u0000${c.kind}`;
    const group = groups.get(key) ?? { account, changes: [] };
    group.changes.push(checked.change);
    groups.set(key, group);
  }
  const results = await Promise.all(
    [...groups.values()].map(async ({ account, changes: list }) => {
      const kind = kindOf(pool.providers, list[0]!);
      try {
        return (await kind.preflight?.(await pool.get(account), list)) ?? [];
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.error("preflight failed", { account: account.name, kind: kind.kind, error: message });
        return [
          {
            severity: "error" as const,
            code: "preflight-failed" as const,
            message: `account '${account.name}': vendor-side validation of ${kind.kind} changes failed: ${message}`,
          },
        ];
      }
    }),
  );
  return [...diagnostics, ...results.flat()];
}
