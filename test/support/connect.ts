/**
 * What a test's sessions are given besides their account, as the CLI gives it: a redactor as the secrets sink, and the
 * default request timeout unless the test sets one.
 */
import { type ConnectContext, DEFAULT_REQUEST_TIMEOUT_MS } from "../../src/core/kind.js";
import { Redactor } from "../../src/core/log.js";

export type ConnectOptions = Pick<ConnectContext, "secrets" | "requestTimeoutMs">;

export function connectOptions(overrides: Partial<ConnectOptions> = {}): ConnectOptions {
  return { secrets: new Redactor(), requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS, ...overrides };
}
