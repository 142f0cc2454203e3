import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Octokit } from "@octokit/rest";
import { type GitHubEmulator, startGitHubEmulator } from "../../emulators/github/index.js";
import { GitHubOrg } from "../../emulators/github/org.js";

describe("the GitHub emulator answers as GitHub does", () => {
  let gh: GitHubEmulator;
  let api: Octokit;
  const repo = { owner: "example-corp", repo: "platform" };
  before(async () => {
    const org = await GitHubOrg.create();
    const platform = org.addRepo("example-corp", "platform");
    const env = org.putEnvironment(platform, "production-us");
    for (let i = 0; i < 45; i++) org.setVariable(env.variables, `VAR_${i}`, String(i));
    gh = await startGitHubEmulator({ org });
    api = new Octokit({ baseUrl: gh.url, auth: "ghp_test", throttle: { enabled: false } } as never);
  });
  after(() => gh.close());

  it("refuses a request without credentials", async () => {
    const anonymous = new Octokit({ baseUrl: gh.url, throttle: { enabled: false } } as never);
    await assert.rejects(anonymous.rest.repos.listWebhooks(repo), { status: 401 });
  });

  it("validates requests against the official description", async () => {
    await assert.rejects(
      // A wrong type the SDK would never send, so the request must go out as written.
      api.request("POST /repos/{owner}/{repo}/hooks", {
        ...repo,
        config: { url: "https://x.example.com" },
        active: "yes",
      } as never),
      (e: { status: number; message: string }) => e.status === 422 && /Invalid request/.test(e.message),
    );
  });

  it("masks webhook secrets, defaults like GitHub, and refuses a duplicate", async () => {
    const { data } = await api.rest.repos.createWebhook({
      ...repo,
      config: { url: "https://x.example.com", secret: "s3cr3t" },
    });
    assert.equal(data.config.secret, "********");
    assert.deepEqual([data.events, data.active, data.config.content_type], [["push"], true, "form"]);
    await assert.rejects(
      api.rest.repos.createWebhook({ ...repo, config: { url: "https://x.example.com" }, events: ["push"] }),
      (e: { status: number; response: { data: { errors: Array<{ message: string }> } } }) =>
        e.status === 422 && e.response.data.errors[0]?.message === "Hook already exists on this repository",
    );
  });

  it("pages variables 30 at a most, and answers a variable update with 204", async () => {
    const env = { ...repo, environment_name: "production-us" };
    const first = await api.rest.actions.listEnvironmentVariables({ ...env, per_page: 100 });
    assert.equal(first.data.variables.length, 30);
    assert.match(String(first.headers.link), /rel="next"/);
    const all = await api.paginate(api.rest.actions.listEnvironmentVariables, { ...env, per_page: 30 });
    assert.equal(all.length, 45);
    const updated = await api.rest.actions.updateEnvironmentVariable({ ...env, name: "var_1", value: "x" });
    assert.equal(updated.status, 204);
  });

  it("answers GET /user for a person's token, and 403 for an installation token, which comments as its app's bot", async () => {
    const { data } = await api.rest.users.getAuthenticated();
    assert.equal(data.login, "octocat");
    const installation = new Octokit({ baseUrl: gh.url, auth: "ghs_workflow", throttle: { enabled: false } } as never);
    await assert.rejects(installation.rest.users.getAuthenticated(), (e: { status: number; message: string }) => {
      return e.status === 403 && /Resource not accessible by integration/.test(e.message);
    });
    const { data: comment } = await installation.rest.issues.createComment({ ...repo, issue_number: 1, body: "hi" });
    assert.deepEqual([comment.user?.login, comment.user?.type], ["github-actions[bot]", "Bot"]);
    assert.equal(comment.performed_via_github_app?.slug, "github-actions");
  });

  it("sends x-ratelimit headers with every answer", async () => {
    const { headers } = await api.rest.repos.getAllEnvironments(repo);
    assert.ok(Number(headers["x-ratelimit-remaining"]) > 0);
    assert.equal(headers["x-ratelimit-resource"], "core");
  });
});
