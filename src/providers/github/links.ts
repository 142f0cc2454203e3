/**
 * Web pages a person is sent to for what the API cannot do. The web host differs from the API host on GitHub
 * Enterprise Server (`https://HOST/api/v3` → `https://HOST`) and on GHE.com (`https://api.SUB.ghe.com` →
 * `https://SUB.ghe.com`).
 */

export function webUrlFor(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === "api.github.com") return "https://github.com";
  if (url.pathname.replace(/\/+$/, "").endsWith("/api/v3")) return url.origin;
  if (url.hostname.startsWith("api.") && url.hostname.endsWith(".ghe.com")) {
    return `${url.protocol}//${url.hostname.slice(4)}`;
  }
  return url.origin;
}

export type OwnerType = "organization" | "user";

function settingsRoot(web: string, owner: string, ownerType: OwnerType): string {
  return ownerType === "user" ? `${web}/settings` : `${web}/organizations/${encodeURIComponent(owner)}/settings`;
}

/** The GitHub App's settings page, where its callback URLs are edited. */
export function githubAppSettingsUrl(web: string, owner: string, ownerType: OwnerType, slug: string): string {
  return `${settingsRoot(web, owner, ownerType)}/apps/${encodeURIComponent(slug)}`;
}

/** The owner's list of OAuth Apps; an app's own page needs its numeric id, which no API reveals. */
export function oauthAppsListUrl(web: string, owner: string, ownerType: OwnerType): string {
  return `${settingsRoot(web, owner, ownerType)}/applications`;
}

export interface GitHubAppRegistration {
  name: string;
  homepageUrl?: string;
  callbackUrls: string[];
  webhookUrl?: string;
}

/**
 * A pre-filled "register a GitHub App" link (docs.github.com `apps/sharing-github-apps/registering-a-github-app-using-url-parameters`).
 * The person only reviews and submits.
 */
export function githubAppRegistrationUrl(web: string, owner: string, ownerType: OwnerType, app: GitHubAppRegistration) {
  const q = new URLSearchParams();
  q.set("name", app.name);
  if (app.homepageUrl) q.set("url", app.homepageUrl);
  for (const cb of app.callbackUrls) q.append("callback_urls[]", cb);
  if (app.webhookUrl) {
    q.set("webhook_active", "true");
    q.set("webhook_url", app.webhookUrl);
  } else {
    q.set("webhook_active", "false");
  }
  return `${settingsRoot(web, owner, ownerType)}/apps/new?${q.toString()}`;
}

/**
 * A "register an OAuth App" link. GitHub documents no URL parameters for this form; the `oauth_application[...]`
 * names are the form's own field names, which pre-fill it today. The instructions repeat every value in case they
 * stop doing so.
 */
export function oauthAppRegistrationUrl(
  web: string,
  owner: string,
  ownerType: OwnerType,
  app: { name: string; homepageUrl?: string; callbackUrl: string },
) {
  const q = new URLSearchParams();
  q.set("oauth_application[name]", app.name);
  if (app.homepageUrl) q.set("oauth_application[url]", app.homepageUrl);
  q.set("oauth_application[callback_url]", app.callbackUrl);
  return `${settingsRoot(web, owner, ownerType)}/applications/new?${q.toString()}`;
}
