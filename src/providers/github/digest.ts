import { createHash } from "node:crypto";

/** JSON with object keys sorted, so equal data always gives equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** The `basis` of a change: a short digest of the observed state it was computed from. */
export function basisOf(observed: unknown): string {
  return createHash("sha256")
    .update(stableJson(observed ?? null))
    .digest("hex")
    .slice(0, 16);
}
