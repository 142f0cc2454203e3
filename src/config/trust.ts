/**
 * The trust boundary. desired-state.yaml arrives in pull requests and is planned, with credentials, before anyone
 * reviews it; so the file alone never decides where credentials are sent or which variables they are read from.
 * - An account's credentials go only to its vendor's own API (each provider's `trust.vendorOwned`), or to endpoints the
 *   operator allows outside the file: REGIONSYNC_ALLOWED_ENDPOINTS (comma-separated URL prefixes).
 * - An account's credential variables carry its provider's prefixes (`AUTH0_`, `DD_`, `REGIONSYNC_GITHUB_`, …); a value
 *   variable (a secret regionsync writes into a vendor) names neither a credential nor the CI's own variables. The
 *   operator allows other names with REGIONSYNC_CREDENTIAL_VARIABLES (names, or prefixes ending in `*`).
 * - Plain http:// only on loopback, in every URL of the accounts (kinds check their own URL fields the same way).
 */
import type { Provider } from "../core/kind.js";
import { OPERATOR_ENV } from "../core/operator-env.js";
import type { Account, Env } from "../core/types.js";
import { isPlainHttp } from "../core/urls.js";
import type { Findings } from "./findings.js";
import { error, subjectAt } from "./findings.js";
import type { Path, PositionIndex } from "./positions.js";

/** The CI's own variables: never read by the file, whatever it calls them. */
const RESERVED_PREFIXES = ["GITHUB_", "ACTIONS_", "RUNNER_", "REGIONSYNC_ALLOWED_", "REGIONSYNC_CREDENTIAL_"];

export interface OperatorPolicy {
  endpoints: URL[];
  variables: string[];
}

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function operatorPolicy(env: Env): OperatorPolicy {
  const endpoints = list(env[OPERATOR_ENV.allowedEndpoints]).flatMap((text) => {
    try {
      return [new URL(text)];
    } catch {
      return [];
    }
  });
  return { endpoints, variables: list(env[OPERATOR_ENV.credentialVariables]) };
}

/** Same scheme, host and port, and the allowed path or below it (whole segments). */
function endpointAllowed(url: URL, policy: OperatorPolicy): boolean {
  return policy.endpoints.some((allowed) => {
    if (allowed.protocol !== url.protocol || allowed.host !== url.host) return false;
    const base = allowed.pathname.replace(/\/+$/, "");
    return url.pathname === base || url.pathname.startsWith(`${base}/`) || base === "";
  });
}

function variableAllowed(name: string, policy: OperatorPolicy): boolean {
  return policy.variables.some((v) => (v.endsWith("*") ? name.startsWith(v.slice(0, -1)) : v === name));
}

interface TrustContext {
  providers: ReadonlyMap<string, Provider>;
  positions: PositionIndex;
  findings: Findings;
  policy: OperatorPolicy;
}

/** Where each account's credentials go, and which variables hold them. */
export function checkAccountTrust(accounts: readonly Account[], ctx: TrustContext): void {
  const { providers, positions, findings, policy } = ctx;
  for (const account of accounts) {
    const provider = providers.get(account.provider);
    if (!provider) continue;
    const { credentialPrefixes } = provider.trust;
    for (const [key, name] of Object.entries(account.settings as Record<string, unknown>)) {
      if (!key.endsWith("_env") || typeof name !== "string") continue;
      const path: Path = ["accounts", account.name, key];
      const reserved = RESERVED_PREFIXES.some((p) => name.startsWith(p));
      if ((!reserved && credentialPrefixes.some((p) => name.startsWith(p))) || variableAllowed(name, policy)) continue;
      const message = `account '${account.name}': ${key} names ${name}, outside ${provider.name}'s credential variables`;
      const hint = `name a variable starting with ${credentialPrefixes.join(" or ")}; only the operator can allow another, outside the file: ${OPERATOR_ENV.credentialVariables}=${name}`;
      findings.add(error("untrusted-variable", message, positions.value(path), hint), subjectAt(path));
    }
    for (const { setting, url: text } of provider.trust.destinations(account)) {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        continue;
      }
      if (provider.trust.vendorOwned(url) || endpointAllowed(url, policy)) continue;
      const path: Path = ["accounts", account.name, setting];
      const shown = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
      const message = `account '${account.name}': ${setting} would send its credentials to ${shown}, which is not ${provider.name}'s own API`;
      const hint = `use the vendor's API; only the operator can allow another endpoint, outside the file: ${OPERATOR_ENV.allowedEndpoints}=${shown}`;
      findings.add(error("untrusted-endpoint", message, positions.value(path), hint), subjectAt(path));
    }
  }
}

/** Value variables (a secret regionsync writes into a vendor) never name an account credential or the CI's own. */
export function checkValueVariables(resources: unknown, ctx: TrustContext): void {
  const prefixes = [...ctx.providers.values()].flatMap((p) => p.trust.credentialPrefixes);
  walk(resources, ["resources"], (value, path) => {
    const key = path[path.length - 1];
    if (typeof key !== "string" || !key.endsWith("_env") || typeof value !== "string") return;
    if (variableAllowed(value, ctx.policy)) return;
    const credential = prefixes.find((p) => value.startsWith(p));
    const reserved = RESERVED_PREFIXES.find((p) => value.startsWith(p));
    if (!credential && !reserved) return;
    const what = reserved ? `the CI's own variables (${reserved}…)` : `a credential variable (${credential}…)`;
    const message = `${key} names ${value}, ${what}: the file may not write it into a vendor`;
    const hint = `use a variable of its own for this value; only the operator can allow it, outside the file: ${OPERATOR_ENV.credentialVariables}=${value}`;
    ctx.findings.add(error("untrusted-variable", message, ctx.positions.value(path), hint), subjectAt(path));
  });
}

/**
 * Every URL of the accounts uses https, or http on loopback only. Resource URLs are their kinds' to check (each knows
 * its field's rules: Auth0 callbacks, webhook targets).
 */
export function checkPlainHttp(data: Record<string, unknown>, ctx: Pick<TrustContext, "positions" | "findings">): void {
  walk(data.accounts, ["accounts"], (value, path) => {
    if (typeof value !== "string" || !isPlainHttp(value)) return;
    const message = `${path.join(".")}: ${value} uses plain http; credentials would travel unencrypted`;
    const hint = "write https:// (http is allowed only on loopback)";
    ctx.findings.add(error("insecure-url", message, ctx.positions.value(path), hint), subjectAt(path));
  });
}

function walk(value: unknown, path: Path, visit: (value: unknown, path: Path) => void): void {
  visit(value, path);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) walk(v, [...path, i], visit);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) walk(v, [...path, k], visit);
  }
}
