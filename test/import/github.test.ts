/**
 * Importing GitHub: per-region deployment environments made by hand (protection rules, variables, secrets) and each
 * region's hooks fold into templates; secrets are declared by name with the variable that must hold each value. The
 * first apply adopts them by writing regionsync's ledger variables only; the next plan says No changes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { type GitHubEmulator, GitHubOrg, startGitHubEmulator } from "../../emulators/github/index.js";
import { type Cli, cliFor, fileWith, githubOwnershipOnly, githubState } from "./support.js";

const file = (url: string) => `version: 1
regions:
  us:
    hosts: [app.example.com]
    cloud_region: us-east-1
    values: { webhook_url: "https://hooks.example.com/github" }
  eu:
    hosts: [eu.example.com]
    cloud_region: eu-west-1
    values: { webhook_url: "https://hooks.eu.example.com/github" }
accounts:
  github: { provider: github, api_url: "https://api.github.com", token_env: REGIONSYNC_GITHUB_TOKEN, endpoint: "${url}" }
`;

const secrets = { DEPLOY_TOKEN_production_us: "token-us-0001", DEPLOY_TOKEN_production_eu: "token-eu-0001" };

async function seed(): Promise<GitHubOrg> {
  const org = await GitHubOrg.create("example-corp");
  org.addTeam("platform-leads");
  const team = org.teams.get("platform-leads")!.id;
  const repo = org.addRepo("example-corp", "platform");
  for (const [region, host, cloud] of [
    ["us", "app.example.com", "us-east-1"],
    ["eu", "eu.example.com", "eu-west-1"],
  ] as const) {
    const env = org.putEnvironment(repo, `production-${region}`, {
      wait_timer: 5,
      reviewers: [{ type: "Team", id: team }],
    });
    org.setVariable(env.variables, "AWS_REGION", cloud);
    org.setVariable(env.variables, "APP_HOST", host);
    org.setSecret(env, "DEPLOY_TOKEN", secrets[`DEPLOY_TOKEN_production_${region}`]);
    const url = region === "us" ? "https://hooks.example.com/github" : "https://hooks.eu.example.com/github";
    org.addHook(repo.hooks, {
      active: true,
      events: ["deployment", "push"],
      config: { url, content_type: "json", insecure_ssl: "0" },
    });
    org.addHook(org.orgHooks, {
      active: true,
      events: ["member"],
      config: { url: `https://audit.${host}/github`, content_type: "json", insecure_ssl: "0" },
    });
  }
  return org;
}

describe("import of GitHub environments and webhooks", () => {
  let gh: GitHubEmulator;
  let cli: Cli;
  before(async () => {
    gh = await startGitHubEmulator({ org: await seed() });
    const made = await fileWith(file(gh.url), [gh.url], { REGIONSYNC_GITHUB_TOKEN: "ghp_import_0001", ...secrets });
    cli = cliFor(made.file, made.env);
  });
  after(() => gh.close());

  it("folds the regions' environments and hooks into templates, secrets by name, with list requests", async () => {
    gh.server.resetLog();
    const imported = await cli.import("--within", "example-corp/platform");
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(
      gh.server.requests.filter((r) => r.method !== "GET").map((r) => r.path),
      [],
      "import only reads",
    );
    const github = parse(await cli.text()).resources.github;
    assert.deepEqual(github.environments, [
      {
        name: "production-${region.name}",
        regions: ["us", "eu"],
        adopt: true,
        repository: "example-corp/platform",
        wait_timer: 5,
        reviewers: [{ type: "Team", slug: "platform-leads" }],
        variables: { APP_HOST: "${region.host}", AWS_REGION: "${region.cloud_region}" },
        secrets: { DEPLOY_TOKEN: { value_env: "DEPLOY_TOKEN_production_${region.name}" } },
      },
    ]);
    assert.deepEqual(github.webhooks, [
      {
        name: "audit-github-${region.name}",
        regions: ["us", "eu"],
        adopt: true,
        organization: "example-corp",
        url: "https://audit.${region.host}/github",
        events: ["member"],
      },
      {
        name: "hook-${region.name}",
        regions: ["us", "eu"],
        adopt: true,
        repository: "example-corp/platform",
        url: "${region.values.webhook_url}",
        events: ["deployment", "push"],
      },
    ]);
    assert.match(imported.stdout, /DEPLOY_TOKEN_production_\$\{region\.name\}/);
  });

  it("adopts by writing the ledger variables only, then plans No changes", async () => {
    const planned = JSON.parse((await cli.plan("--json")).stdout);
    assert.deepEqual(planned.diagnostics, []);
    assert.deepEqual(
      planned.changes.map((c: { action: string; name: string }) => `${c.action} ${c.name}`),
      [
        "adopt example-corp/platform/production-us",
        "adopt example-corp/platform/production-eu",
        "adopt orgs/example-corp/audit-github-us",
        "adopt orgs/example-corp/audit-github-eu",
        "adopt repos/example-corp/platform/hook-us",
        "adopt repos/example-corp/platform/hook-eu",
      ],
    );
    const before = githubState(gh.org);
    gh.server.resetLog();
    const applied = await cli.apply();
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.deepEqual(githubOwnershipOnly(gh.server.writes()), []);
    assert.deepEqual(githubState(gh.org), before, "nothing but ownership records changed");
    assert.match((await cli.plan()).stdout, /No changes\./);
  });
});
