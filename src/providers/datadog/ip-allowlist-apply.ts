/**
 * Writing the IP allowlist: Datadog's PATCH replaces the entry list and the enabled state together, so every write
 * starts from a fresh read, changes only what the change names, and sends the rest back as it was.
 */
import type { ApplyOutcome } from "../../core/kind.js";
import { mergeNetworkSet, type NetworkChange } from "../../core/network-sets.js";
import type { DatadogSession } from "./session.js";

export async function applyAllowlist(
  session: DatadogSession,
  payload: NetworkChange | { enabled: boolean },
): Promise<ApplyOutcome> {
  const current = await session.allowlist.get();
  const entries = current.entries.map((e) => ({
    cidr_block: e.cidr_block,
    ...(e.note !== undefined ? { note: e.note } : {}),
  }));
  if ("enabled" in payload) {
    if (current.enabled === payload.enabled) return { message: "already so" };
    await session.allowlist.replace({ enabled: payload.enabled, entries });
    return { message: payload.enabled ? "allowlist enabled" : "allowlist disabled" };
  }
  const observed = entries.map((e) => ({ cidr: e.cidr_block, label: e.note }));
  const merge = mergeNetworkSet(observed, payload, session.account);
  if (merge.add.length + merge.relabel.length + merge.remove.length === 0) return { message: "already in step" };
  const removed = new Set(merge.remove);
  const relabelled = new Set(merge.relabel);
  const next = [
    ...entries.map((e, i) => (relabelled.has(i) ? { ...e, note: payload.label } : e)).filter((_, i) => !removed.has(i)),
    ...merge.add.map((cidr_block) => ({ cidr_block, note: payload.label })),
  ];
  // `enabled` is sent back as read: only a declaration that says so turns the allowlist on or off.
  await session.allowlist.replace({ enabled: current.enabled, entries: next });
  const parts = [
    merge.add.length ? `added ${merge.add.join(", ")}` : "",
    merge.relabel.length ? `relabelled ${merge.relabel.length}` : "",
    merge.remove.length ? `removed ${merge.remove.map((i) => entries[i]!.cidr_block).join(", ")}` : "",
  ];
  return { message: parts.filter(Boolean).join("; ") };
}
