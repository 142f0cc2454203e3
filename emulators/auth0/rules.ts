/**
 * Auth0's rules that its OpenAPI description only names (custom formats) or leaves out (the 100-URL limit, wildcard
 * placement, client_metadata limits). Written from Auth0's documentation, independently of the provider's checks.
 */

/** Lists Auth0 caps at 100 entries each. */
export const URL_LISTS = ["callbacks", "allowed_logout_urls", "web_origins", "allowed_origins"] as const;
export const MAX_URLS = 100;

function hostOf(value: string): { scheme: string; host: string } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#:]*)(:\d+)?([/?#].*)?$/.exec(value);
  if (!m) return undefined;
  return { scheme: m[1]!.toLowerCase(), host: m[2]!.replace(/^.*@/, "") };
}

/** `*` may appear once, in the left-most label, with at least two labels after it. */
function wildcardOk(host: string): boolean {
  if (!host.includes("*")) return true;
  const labels = host.split(".");
  return host.split("*").length === 2 && labels[0]!.includes("*") && labels.length >= 3;
}

/** Allowed Callback URLs: web URLs, or a native app's custom scheme (`com.example.app://callback`). */
export function isCallbackUrl(value: string): boolean {
  const parsed = hostOf(value);
  if (!parsed) return false;
  if (parsed.scheme !== "http" && parsed.scheme !== "https") return !parsed.host.includes("*");
  return parsed.host.length > 0 && wildcardOk(parsed.host);
}

/** Logout URLs and origins: http(s) only. */
export function isUrlWithPlaceholders(value: string): boolean {
  const parsed = hostOf(value);
  return (
    !!parsed &&
    (parsed.scheme === "http" || parsed.scheme === "https") &&
    parsed.host.length > 0 &&
    wildcardOk(parsed.host)
  );
}

export function isHttpsUriOrEmpty(value: string): boolean {
  if (value === "") return true;
  const parsed = hostOf(value);
  return !!parsed && parsed.scheme === "https" && parsed.host.length > 0 && !parsed.host.includes("*");
}

/** Problems the description cannot express, for a POST or PATCH body merged over `current` metadata. */
export function bodyProblems(body: Record<string, unknown>, currentMetadata: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const list of URL_LISTS) {
    const value = body[list];
    if (Array.isArray(value) && value.length > MAX_URLS) {
      problems.push(`Array is too long (${value.length}), maximum ${MAX_URLS} on property ${list}`);
    }
  }
  const meta = body.client_metadata;
  if (meta && typeof meta === "object") {
    const merged: Record<string, unknown> = { ...currentMetadata };
    for (const [key, value] of Object.entries(meta)) {
      if (value === null) {
        delete merged[key];
        continue;
      }
      if (typeof value !== "string") problems.push(`client_metadata.${key} must be a string`);
      else if (value.length > 255)
        problems.push(`String is too long (${value.length} chars), maximum 255 on property client_metadata.${key}`);
      if (key.length > 255 || !/^[A-Za-z0-9:,\-+=_*?"/\\()<>@\t ]+$/.test(key)) {
        problems.push(`client_metadata key '${key}' has characters that are not allowed`);
      }
      merged[key] = value;
    }
    if (Object.keys(merged).length > 10) {
      problems.push(
        `Too many properties defined (${Object.keys(merged).length}), maximum 10 on property client_metadata`,
      );
    }
  }
  return problems;
}
