/**
 * Auth0's rules for the URLs regionsync adds, checked before any write (the OpenAPI description only names custom
 * formats, so the rules come from Auth0's documentation: https, `*` only in the left-most label, one wildcard).
 */
import type { UrlField } from "./applications-schema.js";

export type ManagedField = UrlField | "initiate_login_uri";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The problems with one URL for one field, as sentence fragments; empty when it is acceptable. */
export function urlProblems(field: ManagedField, value: string): string[] {
  if (/[\s,]/.test(value)) {
    return [`'${value}' contains a space or comma; list each URL as its own item`];
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [`'${value}' is not an absolute URL`];
  }
  const problems: string[] = [];
  const host = url.hostname;
  const isLoopback = LOOPBACK.has(host);
  if (field === "initiate_login_uri") {
    if (url.protocol !== "https:") problems.push(`'${value}' must use https`);
    if (host.includes("*")) problems.push(`'${value}' may not contain a wildcard`);
    return problems;
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback)) {
    problems.push(`'${value}' must use https (http is allowed only for localhost)`);
  }
  if (url.username || url.password) problems.push(`'${value}' may not carry credentials`);
  problems.push(...wildcardProblems(value, host));
  return problems;
}

function wildcardProblems(value: string, host: string): string[] {
  if (!host.includes("*")) return [];
  const labels = host.split(".");
  const stars = (host.match(/\*/g) ?? []).length;
  if (stars > 1 || !labels[0]!.includes("*")) {
    return [`'${value}' may use '*' only once, in the left-most label of the host`];
  }
  if (labels.length < 3) {
    return [`'${value}' needs at least two labels after the wildcard (https://*.example.com)`];
  }
  return [];
}

/** Origins match on scheme, host and port only; a path in one is a likely mistake, not an error. */
export function originWarning(field: ManagedField, value: string): string | undefined {
  if (field !== "web_origins" && field !== "allowed_origins") return undefined;
  try {
    const url = new URL(value);
    if ((url.pathname && url.pathname !== "/") || url.search || url.hash) {
      return `'${value}' has a path, query or fragment, which Auth0 ignores when matching origins`;
    }
  } catch {
    // Reported by urlProblems.
  }
  return undefined;
}
