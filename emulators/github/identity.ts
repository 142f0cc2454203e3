/**
 * Who a token acts as, and `GET /user`. A `ghs_` token is an installation token: one the emulator minted belongs to
 * the app whose JWT asked for it, any other is a workflow run's `GITHUB_TOKEN`, whose app is GitHub Actions. Any
 * other token is a person's (or an OAuth app's on a person's behalf): the login the test gave it, else `octocat`.
 * As on GitHub, an installation token gets 403 from `GET /user`, which is not open to apps, and comments as
 * `<app slug>[bot]`.
 */
import type { EmulatorRequest, EmulatorResponse } from "../common/server.js";
import { error } from "./http.js";
import type { GitHubOrg } from "./org.js";

export interface AppRef {
  id: number;
  slug: string;
  name: string;
}

export interface Identity {
  login: string;
  id: number;
  type: "User" | "Bot";
  /** The app an installation token belongs to. */
  app?: AppRef;
}

/** GitHub Actions, and the bot user its workflow tokens write as (github.com's ids). */
export const ACTIONS_APP: AppRef = { id: 15368, slug: "github-actions", name: "GitHub Actions" };
const ACTIONS_BOT_ID = 41898282;

export const DEFAULT_USER = "octocat";

export function identities(org: GitHubOrg, users: Record<string, string> = {}) {
  const userId = (login: string) => org.users.get(login.toLowerCase())?.id ?? 583231;
  const of = (req: EmulatorRequest): Identity => {
    const credential = String(req.headers.authorization ?? "").replace(/^\S+\s+/, "");
    if (!credential.startsWith("ghs_")) {
      const login = users[credential] ?? DEFAULT_USER;
      return { login, id: userId(login), type: "User" };
    }
    const minted = org.apps.get(org.installationTokens.get(credential) ?? "");
    const app = minted ? { id: minted.id, slug: minted.slug, name: minted.name } : ACTIONS_APP;
    return { login: `${app.slug}[bot]`, id: minted ? minted.id + 1_000_000 : ACTIONS_BOT_ID, type: "Bot", app };
  };
  const getAuthenticated = (req: EmulatorRequest): EmulatorResponse => {
    const who = of(req);
    if (who.type === "Bot") return error(403, "Resource not accessible by integration");
    return {
      status: 200,
      body: {
        login: who.login,
        id: who.id,
        node_id: `U_${who.id}`,
        avatar_url: `https://avatars.githubusercontent.com/u/${who.id}?v=4`,
        html_url: `https://github.com/${who.login}`,
        url: `https://api.github.com/users/${who.login}`,
        type: "User",
        site_admin: false,
        user_view_type: "public",
        name: null,
        created_at: "2020-01-01T00:00:00Z",
        updated_at: "2026-01-01T00:00:00Z",
      },
    };
  };
  return { of, handlers: { "users/get-authenticated": getAuthenticated } };
}

/** A comment's or any object's author, as GitHub renders a simple user. */
export function renderUser(who: Pick<Identity, "login" | "id" | "type">) {
  return { login: who.login, id: who.id, node_id: `U_${who.id}`, type: who.type, site_admin: false };
}
