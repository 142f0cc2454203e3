/**
 * Settings the operator gives in the environment of the run, outside desired-state.yaml, so a pull request that
 * edits the file cannot change them.
 */
import { DEFAULT_REQUEST_TIMEOUT_MS } from "../core/kind.js";
import type { Env } from "../core/types.js";

export const REQUEST_TIMEOUT_VARIABLE = "REGIONSYNC_REQUEST_TIMEOUT_MS";
/** The app whose installation token posts the plan comment, when it is not the workflow's own `GITHUB_TOKEN`. */
export const COMMENT_APP_VARIABLE = "REGIONSYNC_COMMENT_APP_SLUG";
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 600_000;

/** The per-request timeout the operator set, or the default; throws a message naming the variable when unusable. */
export function requestTimeoutMs(env: Env): number {
  const raw = env[REQUEST_TIMEOUT_VARIABLE];
  if (raw === undefined || raw.trim() === "") return DEFAULT_REQUEST_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < MIN_TIMEOUT_MS || value > MAX_TIMEOUT_MS) {
    throw new Error(
      `${REQUEST_TIMEOUT_VARIABLE} must be a whole number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}`,
    );
  }
  return value;
}
