/** Org and repository webhooks: secrets read back masked, `name` must be `web`, configs unique per overlapping events. */
import type { EmulatorRequest, Handler } from "../common/server.js";
import { bodyOf, error, notFound, paginate, validationFailed } from "./http.js";
import type { GitHubOrg, Hook } from "./org.js";

const MASK = "********";

function render(hook: Hook, base: string, kind: "Organization" | "Repository") {
  const { secret, ...config } = hook.config;
  return {
    type: kind,
    id: hook.id,
    name: "web",
    active: hook.active,
    events: hook.events,
    config: secret ? { ...config, secret: MASK } : config,
    updated_at: hook.updated_at,
    created_at: hook.created_at,
    url: `${base}/hooks/${hook.id}`,
    ping_url: `${base}/hooks/${hook.id}/pings`,
    deliveries_url: `${base}/hooks/${hook.id}/deliveries`,
    ...(kind === "Repository"
      ? { test_url: `${base}/hooks/${hook.id}/test`, last_response: { code: null, status: "unused", message: null } }
      : {}),
  };
}

function renderConfig(hook: Hook) {
  const { secret, ...config } = hook.config;
  return secret ? { ...config, secret: MASK } : config;
}

function normalizeConfig(input: Record<string, unknown>, current?: Hook["config"]): Hook["config"] | string {
  const url = (input.url as string | undefined) ?? current?.url;
  if (!url) return "url";
  const config: Hook["config"] = {
    url,
    content_type: String(input.content_type ?? current?.content_type ?? "form"),
    insecure_ssl: String(input.insecure_ssl ?? current?.insecure_ssl ?? "0"),
  };
  const secret = "secret" in input ? (input.secret as string | undefined) : current?.secret;
  // The masked value echoed back means "keep the secret", as terraform-provider-github relies on.
  if (secret && secret !== MASK) config.secret = secret;
  else if (secret === MASK && current?.secret) config.secret = current.secret;
  return config;
}

function duplicate(list: Hook[], config: Hook["config"], events: string[], except?: number): boolean {
  return list.some(
    (h) =>
      h.id !== except &&
      h.config.url === config.url &&
      (h.events.includes("*") || events.includes("*") || h.events.some((e) => events.includes(e))),
  );
}

interface Scope {
  list: Hook[];
  base: string;
  kind: "Organization" | "Repository";
}

function hookHandlers(org: GitHubOrg, prefix: "orgs" | "repos", scopeOf: (req: EmulatorRequest) => Scope | undefined) {
  const find = (req: EmulatorRequest) => {
    const scope = scopeOf(req);
    const hook = scope?.list.find((h) => h.id === Number(req.params.hook_id));
    return { scope, hook };
  };
  const handlers: Record<string, Handler> = {
    [`${prefix}/list-webhooks`]: (req) => {
      const scope = scopeOf(req);
      if (!scope) return notFound();
      return paginate(
        req,
        scope.list.map((h) => render(h, scope.base, scope.kind)),
      );
    },
    [`${prefix}/create-webhook`]: (req) => {
      const scope = scopeOf(req);
      if (!scope) return notFound();
      const body = bodyOf(req);
      if (body.name !== undefined && body.name !== "web") return validationFailed("Hook", "name", "invalid");
      const config = normalizeConfig((body.config as Record<string, unknown>) ?? {});
      if (typeof config === "string") return validationFailed("Hook", "config", "missing_field");
      const events = (body.events as string[] | undefined) ?? ["push"];
      if (duplicate(scope.list, config, events)) {
        return validationFailed(
          "Hook",
          "",
          "custom",
          `Hook already exists on this ${scope.kind === "Organization" ? "organization" : "repository"}`,
        );
      }
      const hook = org.addHook(scope.list, { active: body.active !== false, events, config });
      return { status: 201, body: render(hook, scope.base, scope.kind) };
    },
    [`${prefix}/get-webhook`]: (req) => {
      const { scope, hook } = find(req);
      return scope && hook ? { status: 200, body: render(hook, scope.base, scope.kind) } : notFound();
    },
    [`${prefix}/update-webhook`]: (req) => {
      const { scope, hook } = find(req);
      if (!scope || !hook) return notFound();
      const body = bodyOf(req);
      const config = body.config ? normalizeConfig(body.config as Record<string, unknown>, hook.config) : hook.config;
      if (typeof config === "string") return validationFailed("Hook", "config", "missing_field");
      let events = (body.events as string[] | undefined) ?? hook.events;
      if (Array.isArray(body.add_events)) events = [...new Set([...events, ...(body.add_events as string[])])];
      if (Array.isArray(body.remove_events))
        events = events.filter((e) => !(body.remove_events as string[]).includes(e));
      if (duplicate(scope.list, config, events, hook.id)) {
        return validationFailed("Hook", "", "custom", "Hook already exists on this repository");
      }
      Object.assign(hook, { config, events, active: body.active ?? hook.active, updated_at: org.now() });
      return { status: 200, body: render(hook, scope.base, scope.kind) };
    },
    [`${prefix}/delete-webhook`]: (req) => {
      const { scope, hook } = find(req);
      if (!scope || !hook) return notFound();
      scope.list.splice(scope.list.indexOf(hook), 1);
      return { status: 204 };
    },
  };
  const configOp = prefix === "orgs" ? "webhook-config-for-org" : "webhook-config-for-repo";
  handlers[`${prefix}/get-${configOp}`] = (req) => {
    const { hook } = find(req);
    return hook ? { status: 200, body: renderConfig(hook) } : notFound();
  };
  handlers[`${prefix}/update-${configOp}`] = (req) => {
    const { hook } = find(req);
    if (!hook) return notFound();
    const config = normalizeConfig(bodyOf(req), hook.config);
    if (typeof config === "string") return error(422, "Validation Failed");
    Object.assign(hook, { config, updated_at: org.now() });
    return { status: 200, body: renderConfig(hook) };
  };
  return handlers;
}

export function webhookHandlers(org: GitHubOrg, baseUrl: () => string): Record<string, Handler> {
  return {
    ...hookHandlers(org, "orgs", (req) =>
      req.params.org?.toLowerCase() === org.login.toLowerCase()
        ? { list: org.orgHooks, base: `${baseUrl()}/orgs/${org.login}`, kind: "Organization" }
        : undefined,
    ),
    ...hookHandlers(org, "repos", (req) => {
      const repo = org.repo(String(req.params.owner), String(req.params.repo));
      return repo
        ? { list: repo.hooks, base: `${baseUrl()}/repos/${repo.owner}/${repo.name}`, kind: "Repository" }
        : undefined;
    }),
  };
}
