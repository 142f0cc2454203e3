/**
 * GitHub in the fault matrix: the sample org, where `production-eu`, a repository hook and an organization hook are new
 * for the EU region, beside hooks, an environment and a variable made by hand. In-process runs use GitHub's provider
 * with short waits; the child processes run the shipped CLI, GitHub's pacing of writes included.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { EmulatorRequest } from "../../../emulators/common/server.js";
import { type GitHubEmulator, primaryRateLimit, startGitHubEmulator } from "../../../emulators/github/index.js";
import { seedSampleOrg } from "../../../emulators/github/sandbox.js";
import type { Provider } from "../../../src/core/kind.js";
import { OPERATOR_ENV } from "../../../src/core/operator-env.js";
import { providers } from "../../../src/providers/registry.js";
import { githubDesiredState, provider, sandboxEnv } from "../../github/helpers.js";
import type { FaultTarget, World } from "../target.js";

const HAND_MADE_URLS = ["https://ci.example.com/github/webhook", "https://siem.example.com/ingest/github"];
const ENVIRONMENTS = "/repos/example-corp/platform/environments";

const emulators = new WeakMap<World, GitHubEmulator>();
const orgOf = (world: World) => emulators.get(world)!.org;
const platform = (world: World) => orgOf(world).repo("example-corp", "platform")!;

function allHooks(world: World) {
  const org = orgOf(world);
  return [
    ...org.orgHooks.map((h) => ({ scope: "org", ...h })),
    ...[...org.repos.values()].flatMap((r) => r.hooks.map((h) => ({ scope: `${r.owner}/${r.name}`, ...h }))),
  ];
}

export const githubTarget: FaultTarget = {
  vendor: "github",
  providers: new Map<string, Provider>([...providers, ["github", provider as Provider]]),
  async start(dir) {
    const gh = await startGitHubEmulator({ org: await seedSampleOrg() });
    const file = join(dir, "desired-state.yaml");
    // The app declarations only ever plan manual changes, which apply cannot perform.
    const text = githubDesiredState(gh.url, (doc) => {
      delete doc.resources.github.oauth_apps;
      delete doc.resources.github.github_apps;
    });
    await writeFile(file, text);
    const world: World = {
      file,
      env: {
        ...sandboxEnv,
        [OPERATOR_ENV.allowedEndpoints]: gh.url,
        // The sample's environments take the Auth0 client secrets as secrets: the operator allows those variables.
        [OPERATOR_ENV.credentialVariables]: "AUTH0_CLIENT_SECRET_*",
      },
      server: gh.server,
      inventory: () => [
        ...allHooks(world).map((h) => `hook ${h.scope} ${h.config.url}`),
        ...[...orgOf(world).repos.values()].flatMap((r) =>
          [...r.environments.values()].flatMap((e) => [
            `environment ${r.name}/${e.name}`,
            ...[...e.variables.keys()].map((k) => `variable ${r.name}/${e.name}/${k}`),
            ...[...e.secrets.keys()].map((k) => `secret ${r.name}/${e.name}/${k}`),
          ]),
        ),
      ],
      unowned: () => {
        const staging = platform(world).environments.get("staging")!;
        return {
          hooks: allHooks(world).filter((h) => HAND_MADE_URLS.includes(h.config.url)),
          staging: { ...staging, variables: [...staging.variables.values()] },
          slack: platform(world).environments.get("production-us")?.variables.get("SLACK_CHANNEL"),
        };
      },
      close: () => gh.close(),
    };
    emulators.set(world, gh);
    return world;
  },
  read: (r) => r.method === "GET" && r.path === ENVIRONMENTS,
  write: (r) => r.method !== "GET" && !r.path.endsWith("/access_tokens"),
  create: (r) => r.method === "POST" && r.path.endsWith("/hooks"),
  update: (r: EmulatorRequest) => r.method === "PUT" && r.path === `${ENVIRONMENTS}/production-eu`,
  faults: {
    rateLimited: () => ({ ...primaryRateLimit(1), status: 429 }),
    serverError: { kind: "status", status: 502, body: { message: "Bad Gateway" } },
    unauthorized: {
      kind: "status",
      status: 401,
      body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" },
    },
    refusal: {
      kind: "status",
      status: 422,
      body: {
        message: "Validation Failed",
        errors: [{ resource: "Environment", code: "custom", message: "wait_timer is out of range" }],
      },
    },
  },
  personEdit(world) {
    const org = orgOf(world);
    const env = org.putEnvironment(platform(world), "production-eu", { wait_timer: 0 });
    org.setVariable(env.variables, "SLACK_CHANNEL", "#deploys-eu");
  },
  editSurvived: (world) =>
    platform(world).environments.get("production-eu")?.variables.get("SLACK_CHANNEL")?.value === "#deploys-eu",
  killAfter: [2, 6],
};
