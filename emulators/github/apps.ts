/** GitHub App endpoints: what the API tells about an app (never its callback URLs) and installation tokens. */
import type { EmulatorRequest, Handler } from "../common/server.js";
import { bodyOf, notFound } from "./http.js";
import type { App, GitHubOrg } from "./org.js";

function render(app: App, org: GitHubOrg) {
  return {
    id: app.id,
    slug: app.slug,
    node_id: `A_${app.id}`,
    client_id: app.client_id,
    owner: { login: app.owner, id: org.orgId, node_id: `O_${org.orgId}`, type: "Organization" },
    name: app.name,
    description: "",
    external_url: `https://${app.owner}.example.com`,
    html_url: `https://github.com/apps/${app.slug}`,
    created_at: "2025-06-01T10:00:00Z",
    updated_at: "2025-06-01T10:00:00Z",
    permissions: { metadata: "read", deployments: "write" },
    events: ["deployment"],
  };
}

/** The app an App JWT speaks for: its `iss` claim is the app id. */
export function appOfJwt(org: GitHubOrg, req: EmulatorRequest): App | undefined {
  const token = String(req.headers.authorization ?? "").replace(/^bearer\s+/i, "");
  try {
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as {
      iss?: unknown;
    };
    return [...org.apps.values()].find((a) => String(a.id) === String(claims.iss)) ?? [...org.apps.values()][0];
  } catch {
    return undefined;
  }
}

export function appHandlers(org: GitHubOrg): Record<string, Handler> {
  const installation = (app: App | undefined) =>
    app
      ? {
          status: 200,
          body: {
            id: app.id * 10,
            account: { login: org.login, id: org.orgId, type: "Organization" },
            app_id: app.id,
            app_slug: app.slug,
            target_id: org.orgId,
            target_type: "Organization",
            permissions: { metadata: "read" },
            events: [],
            created_at: "2025-06-01T10:00:00Z",
            updated_at: "2025-06-01T10:00:00Z",
            repository_selection: "all",
            access_tokens_url: "",
            repositories_url: "",
            html_url: "",
            single_file_name: null,
          },
        }
      : notFound();
  const first = () => [...org.apps.values()][0];
  return {
    "apps/get-by-slug": (req) => {
      const app = org.apps.get(String(req.params.app_slug));
      return app ? { status: 200, body: render(app, org) } : notFound();
    },
    "apps/get-authenticated": (req) => {
      const app = appOfJwt(org, req);
      return app ? { status: 200, body: render(app, org) } : notFound();
    },
    "apps/get-webhook-config-for-app": (req) => {
      const app = appOfJwt(org, req);
      return app ? { status: 200, body: app.hook_config } : notFound();
    },
    "apps/update-webhook-config-for-app": (req) => {
      const app = appOfJwt(org, req);
      if (!app) return notFound();
      const { secret: _secret, ...rest } = bodyOf(req) as Record<string, string>;
      app.hook_config = { ...app.hook_config, ...rest };
      return { status: 200, body: app.hook_config };
    },
    "apps/create-installation-access-token": (req) => {
      const token = `ghs_emulated${org.nextId()}`;
      const app = appOfJwt(org, req);
      if (app) org.installationTokens.set(token, app.slug);
      return {
        status: 201,
        body: {
          token,
          expires_at: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
          permissions: { metadata: "read" },
          repository_selection: "all",
        },
      };
    },
    "apps/get-org-installation": () => installation(first()),
    "apps/get-repo-installation": () => installation(first()),
  };
}
