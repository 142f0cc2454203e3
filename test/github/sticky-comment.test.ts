import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Octokit } from "@octokit/rest";
import { type GitHubEmulator, startGitHubEmulator } from "../../emulators/github/index.js";
import { GitHubOrg } from "../../emulators/github/org.js";
import { upsertStickyComment } from "../../src/providers/github/pr-comment.js";
import { MAX_COMMENT_CHARS, PLAN_MARKER, type StickyComment, stickyComment } from "../../src/report/sticky-comment.js";
import { fastPacing } from "./helpers.js";

const plan = (n: number) =>
  `## regionsync plan\n\n**${n} to create**, 0 to update\n\n<details><summary>github</summary>\n\nchanges\n</details>\n`;

describe("the sticky plan comment", () => {
  let gh: GitHubEmulator;
  const post = (comment: StickyComment, issueNumber = 42) =>
    upsertStickyComment({
      apiUrl: gh.url,
      token: "ghs_actions_token",
      repository: "example-corp/platform",
      issueNumber,
      comment,
      pacing: fastPacing,
    });
  const comments = () => gh.org.repo("example-corp", "platform")!.comments.get(42) ?? [];

  before(async () => {
    const org = await GitHubOrg.create();
    org.addRepo("example-corp", "platform");
    gh = await startGitHubEmulator({ org });
  });
  after(() => gh.close());

  it("is created once, then edited in place on every push, never duplicated", async () => {
    const humans = new Octokit({ baseUrl: gh.url, auth: "ghp_reviewer", throttle: { enabled: false } } as never);
    await humans.rest.issues.createComment({
      owner: "example-corp",
      repo: "platform",
      issue_number: 42,
      body: `Quoting the bot:\n> ${PLAN_MARKER}\n> old plan`,
    });
    const first = await post(stickyComment(plan(1)));
    assert.equal(first.action, "created");
    const second = await post(stickyComment(plan(2)));
    assert.equal(second.action, "updated");
    assert.equal(second.commentId, first.commentId);
    const third = await post(stickyComment(plan(2)));
    assert.equal(third.action, "unchanged");
    const ours = comments().filter((c) => c.body.startsWith(PLAN_MARKER));
    assert.equal(ours.length, 1);
    assert.match(ours[0]!.body, /\*\*2 to create\*\*/);
    assert.equal(comments().length, 2, "the reviewer's comment quoting the marker is left alone");
  });

  it("finds its comment beyond the first page of a long discussion", async () => {
    const repo = gh.org.repo("example-corp", "platform")!;
    const many = Array.from({ length: 130 }, (_, i) => ({
      id: gh.org.nextId(),
      body: `comment ${i}`,
      user: "octocat",
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
    }));
    repo.comments.set(43, many);
    const first = await post(stickyComment(plan(3)), 43);
    const again = await post(stickyComment(plan(4)), 43);
    assert.equal(again.commentId, first.commentId);
    assert.equal(repo.comments.get(43)!.length, 131);
  });

  it("cuts a very long plan below GitHub's limit and says so, where GitHub itself would refuse it", async () => {
    const huge = `${plan(9)}<details><summary>datadog</summary>\n\n\`\`\`diff\n${"+ monitor line that goes on\n".repeat(4000)}\`\`\`\n</details>\n`;
    assert.ok(huge.length > MAX_COMMENT_CHARS);
    const raw = new Octokit({ baseUrl: gh.url, auth: "t", throttle: { enabled: false } } as never);
    await assert.rejects(
      raw.rest.issues.createComment({ owner: "example-corp", repo: "platform", issue_number: 44, body: huge }),
      (e: { status?: number; message?: string }) => e.status === 422 && /Body is too long/.test(String(e.message)),
    );
    const comment = stickyComment(huge);
    assert.equal(comment.truncated, true);
    const result = await post(comment);
    const body = comments().find((c) => c.id === result.commentId)!.body;
    assert.ok(body.length <= MAX_COMMENT_CHARS);
    assert.match(body, /This plan was cut to fit GitHub's 65,536-character comment limit/);
    assert.equal((body.match(/```/g) ?? []).length % 2, 0, "the code fence is closed");
    assert.equal((body.match(/<details>/g) ?? []).length, (body.match(/<\/details>/g) ?? []).length);
  });
});
