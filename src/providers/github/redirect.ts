/**
 * GitHub's `redirect_uri` rules, as pure functions. No API reads or writes an app's callback URLs, so regionsync can
 * only compute whether GitHub will accept a region's redirect and tell a person what to register.
 *
 * Sources: docs.github.com `apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps#redirect-urls` (OAuth Apps:
 * one callback; host or a sub-domain, same port, path at or below) and
 * `apps/creating-github-apps/registering-a-github-app/about-the-user-authorization-callback-url` (GitHub Apps: up to
 * 10 callbacks, exact match).
 */

/** GitHub Apps accept at most this many callback URLs. */
export const MAX_GITHUB_APP_CALLBACKS = 10;

export type RedirectVerdict =
  | { accepted: true; via: string }
  | { accepted: false; reason: "invalid-url" | "scheme" | "host" | "port" | "path" | "not-registered"; detail: string };

/**
 * Only IP literals get the loopback port exception. The docs have switched between `localhost` and `127.0.0.1` in
 * their example; treating `localhost` strictly can only produce a needless manual step, never a broken login.
 */
const loopbackHosts = new Set(["127.0.0.1", "[::1]"]);

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function isUnderHost(host: string, callbackHost: string): boolean {
  return host === callbackHost || host.endsWith(`.${callbackHost}`);
}

function isUnderPath(path: string, callbackPath: string): boolean {
  if (path === callbackPath) return true;
  const base = callbackPath.endsWith("/") ? callbackPath : `${callbackPath}/`;
  return path.startsWith(base);
}

/** Whether an OAuth App whose one callback URL is `callback` accepts `redirect` as `redirect_uri`. */
export function checkOAuthRedirect(callback: string, redirect: string): RedirectVerdict {
  const cb = parse(callback);
  const r = parse(redirect);
  if (!cb || !r) return { accepted: false, reason: "invalid-url", detail: `${!cb ? callback : redirect} is not a URL` };
  if (cb.protocol !== r.protocol) {
    return { accepted: false, reason: "scheme", detail: `${r.protocol} differs from the callback's ${cb.protocol}` };
  }
  if (!isUnderHost(r.hostname, cb.hostname)) {
    return { accepted: false, reason: "host", detail: `${r.hostname} is not ${cb.hostname} or one of its sub-domains` };
  }
  const loopback = loopbackHosts.has(cb.hostname) && r.hostname === cb.hostname;
  if (!loopback && cb.port !== r.port) {
    return {
      accepted: false,
      reason: "port",
      detail: `port ${r.port || "(default)"} differs from the callback's ${cb.port || "(default)"}`,
    };
  }
  if (!isUnderPath(r.pathname, cb.pathname)) {
    return { accepted: false, reason: "path", detail: `${r.pathname} is not ${cb.pathname} or below it` };
  }
  return { accepted: true, via: callback };
}

/** Whether a GitHub App with these callback URLs accepts `redirect`: an exact match, extra parameters included. */
export function checkGitHubAppRedirect(callbacks: readonly string[], redirect: string): RedirectVerdict {
  if (!parse(redirect)) return { accepted: false, reason: "invalid-url", detail: `${redirect} is not a URL` };
  const exact = callbacks.find((c) => c === redirect);
  if (exact) return { accepted: true, via: exact };
  return { accepted: false, reason: "not-registered", detail: `${redirect} is not one of the app's callback URLs` };
}

/**
 * The one OAuth App callback URL that would accept every redirect, if any: the longest common parent domain (never a
 * bare top-level domain), the shared scheme and port, and the longest common path prefix by whole segments.
 */
export function sharedOAuthCallback(redirects: readonly string[]): string | undefined {
  const urls = redirects.map(parse);
  if (urls.length === 0 || urls.some((u) => !u)) return undefined;
  const parsed = urls as URL[];
  const first = parsed[0]!;
  if (parsed.some((u) => u.protocol !== first.protocol || u.port !== first.port)) return undefined;
  const labels = parsed.map((u) => u.hostname.split(".").reverse());
  const common: string[] = [];
  for (let i = 0; labels.every((l) => l[i] !== undefined && l[i] === labels[0]![i]); i++) common.push(labels[0]![i]!);
  if (common.length < 2) return undefined;
  const segments = parsed.map((u) => u.pathname.split("/").filter(Boolean));
  const path: string[] = [];
  for (let i = 0; segments.every((s) => s[i] !== undefined && s[i] === segments[0]![i]); i++)
    path.push(segments[0]![i]!);
  const host = common.reverse().join(".");
  const port = first.port ? `:${first.port}` : "";
  return `${first.protocol}//${host}${port}/${path.join("/")}`;
}
