/** Deployment environments, Actions variables (repo, environment, org) and environment secrets. */
import type { EmulatorRequest, Handler, ManualRoute } from "../common/server.js";
import { bodyOf, error, notFound, paginate, validationFailed } from "./http.js";
import { canonical, type Environment, type GitHubOrg, type Repository, type Variable } from "./org.js";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LIMITS = { repoVariables: 500, environmentVariables: 100, environmentSecrets: 100, orgVariables: 1000 };

function badName(name: string): boolean {
  return !NAME.test(name) || /^GITHUB_/i.test(name);
}

function renderEnvironment(org: GitHubOrg, repo: Repository, env: Environment, base: string) {
  const rules: unknown[] = [];
  if (env.wait_timer > 0)
    rules.push({ id: env.id * 10 + 1, node_id: "GA_wait", type: "wait_timer", wait_timer: env.wait_timer });
  if (env.reviewers.length > 0) {
    rules.push({
      id: env.id * 10 + 2,
      node_id: "GA_reviewers",
      type: "required_reviewers",
      prevent_self_review: env.prevent_self_review,
      reviewers: env.reviewers.map((r) => {
        if (r.type === "Team") {
          const team = [...org.teams.values()].find((t) => t.id === r.id);
          return { type: "Team", reviewer: { id: r.id, slug: team?.slug, name: team?.name } };
        }
        const user = [...org.users.values()].find((u) => u.id === r.id);
        return { type: "User", reviewer: { id: r.id, login: user?.login, type: "User" } };
      }),
    });
  }
  if (env.deployment_branch_policy) rules.push({ id: env.id * 10 + 3, node_id: "GA_branch", type: "branch_policy" });
  return {
    id: env.id,
    node_id: `EN_${env.id}`,
    name: env.name,
    url: `${base}/repos/${repo.owner}/${repo.name}/environments/${encodeURIComponent(env.name)}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: env.created_at,
    updated_at: env.updated_at,
    protection_rules: rules,
    deployment_branch_policy: env.deployment_branch_policy,
  };
}

const renderVariable = (v: Variable) => ({
  name: v.name,
  value: v.value,
  created_at: v.created_at,
  updated_at: v.updated_at,
});

export function environmentHandlers(org: GitHubOrg, baseUrl: () => string): Record<string, Handler> {
  const repoOf = (req: EmulatorRequest) => org.repo(String(req.params.owner), String(req.params.repo));
  const envOf = (req: EmulatorRequest) => {
    const repo = repoOf(req);
    return { repo, env: repo?.environments.get(String(req.params.environment_name)) };
  };
  const createVariable = (map: Map<string, Variable> | undefined, limit: number, req: EmulatorRequest) => {
    if (!map) return notFound();
    const { name, value } = bodyOf(req) as { name: string; value: string };
    if (badName(name)) return validationFailed("Variable", "name", "invalid");
    if (map.has(canonical(name))) return error(409, "Already exists - Variable already exists");
    if (map.size >= limit) return error(422, `Cannot create more than ${limit} variables`);
    org.setVariable(map, name, value);
    return { status: 201, body: {} };
  };
  const updateVariable = (map: Map<string, Variable> | undefined, req: EmulatorRequest) => {
    const current = map?.get(canonical(String(req.params.name)));
    if (!map || !current) return notFound();
    const body = bodyOf(req) as { name?: string; value?: string };
    if (body.name && canonical(body.name) !== current.name) {
      if (badName(body.name)) return validationFailed("Variable", "name", "invalid");
      map.delete(current.name);
    }
    org.setVariable(map, body.name ?? current.name, body.value ?? current.value);
    return { status: 204 };
  };
  const getVariable = (map: Map<string, Variable> | undefined, req: EmulatorRequest) => {
    const v = map?.get(canonical(String(req.params.name)));
    return v ? { status: 200, body: renderVariable(v) } : notFound();
  };
  const deleteVariable = (map: Map<string, Variable> | undefined, req: EmulatorRequest) =>
    map?.delete(canonical(String(req.params.name))) ? { status: 204 } : notFound();
  const listVariables = (map: Map<string, Variable> | undefined, req: EmulatorRequest) =>
    map
      ? paginate(req, [...map.values()].map(renderVariable), { defaultPerPage: 10, max: 30, wrap: "variables" })
      : notFound();

  return {
    "repos/get-all-environments": (req) => {
      const repo = repoOf(req);
      if (!repo) return notFound();
      const envs = [...repo.environments.values()].map((e) => renderEnvironment(org, repo, e, baseUrl()));
      return paginate(req, envs, { wrap: "environments" });
    },
    "repos/get-environment": (req) => {
      const { repo, env } = envOf(req);
      return repo && env ? { status: 200, body: renderEnvironment(org, repo, env, baseUrl()) } : notFound();
    },
    "repos/create-or-update-environment": (req) => {
      const repo = repoOf(req);
      if (!repo) return notFound();
      const body = bodyOf(req) as Partial<Environment> & { reviewers?: Array<{ type: "User" | "Team"; id: number }> };
      const policy = body.deployment_branch_policy;
      if (policy && policy.protected_branches === policy.custom_branch_policies) {
        return validationFailed(
          "Environment",
          "deployment_branch_policy",
          "invalid",
          "protected_branches and custom_branch_policies must be opposite",
        );
      }
      for (const r of body.reviewers ?? []) {
        const known =
          r.type === "Team"
            ? [...org.teams.values()].some((t) => t.id === r.id)
            : [...org.users.values()].some((u) => u.id === r.id);
        if (!known) return validationFailed("Environment", "reviewers", "invalid", `${r.type} ${r.id} not found`);
      }
      const settings: Partial<Environment> = {};
      if (body.wait_timer !== undefined) settings.wait_timer = body.wait_timer;
      if (body.prevent_self_review !== undefined) settings.prevent_self_review = body.prevent_self_review;
      if (body.reviewers !== undefined) settings.reviewers = body.reviewers ?? [];
      if ("deployment_branch_policy" in body) settings.deployment_branch_policy = policy ?? null;
      const env = org.putEnvironment(repo, String(req.params.environment_name), settings);
      return { status: 200, body: renderEnvironment(org, repo, env, baseUrl()) };
    },
    "repos/delete-an-environment": (req) => {
      const repo = repoOf(req);
      return repo?.environments.delete(String(req.params.environment_name)) ? { status: 204 } : notFound();
    },
    "actions/list-environment-variables": (req) => listVariables(envOf(req).env?.variables, req),
    "actions/create-environment-variable": (req) =>
      createVariable(envOf(req).env?.variables, LIMITS.environmentVariables, req),
    "actions/get-environment-variable": (req) => getVariable(envOf(req).env?.variables, req),
    "actions/update-environment-variable": (req) => updateVariable(envOf(req).env?.variables, req),
    "actions/delete-environment-variable": (req) => deleteVariable(envOf(req).env?.variables, req),
    "actions/list-repo-variables": (req) => listVariables(repoOf(req)?.variables, req),
    "actions/create-repo-variable": (req) => createVariable(repoOf(req)?.variables, LIMITS.repoVariables, req),
    "actions/get-repo-variable": (req) => getVariable(repoOf(req)?.variables, req),
    "actions/update-repo-variable": (req) => updateVariable(repoOf(req)?.variables, req),
    "actions/delete-repo-variable": (req) => deleteVariable(repoOf(req)?.variables, req),
    "actions/get-environment-public-key": (req) =>
      envOf(req).env ? { status: 200, body: org.publicKey() } : notFound(),
    "actions/list-environment-secrets": (req) => {
      const { env } = envOf(req);
      if (!env) return notFound();
      const secrets = [...env.secrets.values()].map((s) => ({
        name: s.name,
        created_at: s.created_at,
        updated_at: s.updated_at,
      }));
      return paginate(req, secrets, { wrap: "secrets" });
    },
    "actions/get-environment-secret": (req) => {
      const s = envOf(req).env?.secrets.get(canonical(String(req.params.secret_name)));
      return s
        ? { status: 200, body: { name: s.name, created_at: s.created_at, updated_at: s.updated_at } }
        : notFound();
    },
    "actions/create-or-update-environment-secret": (req) => {
      const { env } = envOf(req);
      if (!env) return notFound();
      const name = String(req.params.secret_name);
      const { encrypted_value, key_id } = bodyOf(req) as { encrypted_value: string; key_id: string };
      if (badName(name)) return validationFailed("Secret", "name", "invalid");
      if (key_id !== org.keyId)
        return validationFailed("Secret", "key_id", "invalid", "key_id does not match the current public key");
      const value = org.unseal(encrypted_value);
      if (value === undefined)
        return validationFailed("Secret", "encrypted_value", "invalid", "could not decrypt with the public key");
      const existed = env.secrets.has(canonical(name));
      if (!existed && env.secrets.size >= LIMITS.environmentSecrets)
        return error(422, "Cannot create more than 100 secrets");
      org.setSecret(env, name, value);
      return existed ? { status: 204 } : { status: 201, body: {} };
    },
    "actions/delete-environment-secret": (req) => {
      const { env } = envOf(req);
      return env?.secrets.delete(canonical(String(req.params.secret_name))) ? { status: 204 } : notFound();
    },
  };
}

/** Routes GitHub has but the pruned description lacks: org variables, teams and users (for reviewer ids). */
export function extraRoutes(org: GitHubOrg): ManualRoute[] {
  const isOrg = (req: EmulatorRequest) => String(req.params.org).toLowerCase() === org.login.toLowerCase();
  const vars = org.orgVariables as Map<string, Variable>;
  const render = (v: Variable & { visibility?: string }) => ({
    ...renderVariable(v),
    visibility: v.visibility ?? "private",
  });
  return [
    {
      method: "GET",
      path: "/orgs/{org}/actions/variables",
      operationId: "actions/list-org-variables",
      handler: (req) =>
        isOrg(req)
          ? paginate(req, [...org.orgVariables.values()].map(render), {
              defaultPerPage: 10,
              max: 30,
              wrap: "variables",
            })
          : notFound(),
    },
    {
      method: "GET",
      path: "/orgs/{org}/actions/variables/{name}",
      operationId: "actions/get-org-variable",
      handler: (req) => {
        const v = isOrg(req) ? org.orgVariables.get(canonical(String(req.params.name))) : undefined;
        return v ? { status: 200, body: render(v) } : notFound();
      },
    },
    {
      method: "POST",
      path: "/orgs/{org}/actions/variables",
      operationId: "actions/create-org-variable",
      handler: (req) => {
        if (!isOrg(req)) return notFound();
        const { name, value, visibility } = bodyOf(req) as { name?: string; value?: string; visibility?: string };
        if (typeof name !== "string" || typeof value !== "string" || badName(name))
          return validationFailed("Variable", "name", "invalid");
        if (!["all", "private", "selected"].includes(String(visibility)))
          return validationFailed("Variable", "visibility", "invalid");
        if (org.orgVariables.has(canonical(name))) return error(409, "Already exists - Variable already exists");
        const v = org.setVariable(vars, name, value);
        org.orgVariables.set(v.name, { ...v, visibility: String(visibility) });
        return { status: 201, body: {} };
      },
    },
    {
      method: "PATCH",
      path: "/orgs/{org}/actions/variables/{name}",
      operationId: "actions/update-org-variable",
      handler: (req) => {
        const current = isOrg(req) ? org.orgVariables.get(canonical(String(req.params.name))) : undefined;
        if (!current) return notFound();
        const { value, visibility } = bodyOf(req) as { value?: string; visibility?: string };
        const v = org.setVariable(vars, current.name, value ?? current.value);
        org.orgVariables.set(v.name, { ...v, visibility: visibility ?? current.visibility });
        return { status: 204 };
      },
    },
    {
      method: "DELETE",
      path: "/orgs/{org}/actions/variables/{name}",
      operationId: "actions/delete-org-variable",
      handler: (req) =>
        isOrg(req) && org.orgVariables.delete(canonical(String(req.params.name))) ? { status: 204 } : notFound(),
    },
    {
      method: "GET",
      path: "/orgs/{org}/teams/{team_slug}",
      operationId: "teams/get-by-name",
      handler: (req) => {
        const team = isOrg(req) ? org.teams.get(String(req.params.team_slug)) : undefined;
        return team ? { status: 200, body: { ...team, privacy: "closed", permission: "pull" } } : notFound();
      },
    },
    {
      method: "GET",
      path: "/users/{username}",
      operationId: "users/get-by-username",
      handler: (req) => {
        const user = org.users.get(String(req.params.username).toLowerCase());
        return user ? { status: 200, body: { ...user, type: "User" } } : notFound();
      },
    },
  ];
}
