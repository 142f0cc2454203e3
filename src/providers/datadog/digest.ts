/** Digests that stand in for objects (a change's `basis`) and for write-only keys (the ledger). */
import { createHash, createHmac } from "node:crypto";

/** JSON with object keys sorted, so equal objects always give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
    }
    return v;
  });
}

export function digestOf(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 16);
}

/**
 * A fingerprint of a write-only key, bound to the object it belongs to so that equal keys on two services do not
 * show as equal. Integration keys are long random strings, so 64 bits of an HMAC reveal nothing usable about them.
 */
export function keyFingerprint(owner: string, key: string): string {
  return createHmac("sha256", `regionsync:${owner}`).update(key).digest("hex").slice(0, 16);
}
