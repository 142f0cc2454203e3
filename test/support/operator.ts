/**
 * The operator's allowance for a test's own emulators: a test that points accounts at loopback emulators is their
 * operator, and allows exactly those endpoints (as `regionsync sandbox` does for its own).
 */
import { parse } from "yaml";
import { OPERATOR_ENV } from "../../src/core/operator-env.js";
import type { Env } from "../../src/core/types.js";

export function allowingEndpointsOf(text: string): Env {
  const accounts = ((parse(text) as { accounts?: Record<string, { endpoint?: unknown }> }).accounts ?? {}) as Record<
    string,
    { endpoint?: unknown }
  >;
  const endpoints = Object.values(accounts).flatMap((a) => (typeof a?.endpoint === "string" ? [a.endpoint] : []));
  return { [OPERATOR_ENV.allowedEndpoints]: endpoints.join(",") };
}
