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
  const post = (comment: StickyComment, issueNumber = 42, token = "ghs_actions_token") =>
    upsertStickyComment({
      apiUrl: gh.url,
      token,
      repository: "example-corp/platform",
      issueNumber,
      comment,
      pacing: fastPacing,
    });
  const comments = (issue = 42) => gh.org.repo("example-corp", "platform")!.comments.get(issue) ?? [];
  const humans = () => new Octokit({ baseUrl: gh.url, auth: "ghp_reviewer", throttle: { enabled: false } } as never);
  const byReviewer = (issue_number: number, body: string) =>
    humans().rest.issues.createComment({ owner: "example-corp", repo: "platform", issue_number, body });

  before(async () => {
    const org = await GitHubOrg.create();
    org.addRepo("example-corp", "platform");
    gh = await startGitHubEmulator({ org, users: { ghp_platform_bot: "platform-bot" } });
  });
  after(() => gh.close());

  it("is created once, then edited in place on every push, never duplicated", async () => {
    await byReviewer(42, `Quoting the bot:\n> ${PLAN_MARKER}\n> old plan`);
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

  it("never edits a comment that opens with the marker but someone else wrote", async () => {
    const forged = `${PLAN_MARKER}\nA person's comment that starts like the plan`;
    await byReviewer(45, forged);
    const first = await post(stickyComment(plan(5)), 45);
    assert.equal(first.action, "created");
    const second = await post(stickyComment(plan(6)), 45);
    assert.equal(second.action, "updated");
    assert.equal(second.commentId, first.commentId);
    assert.equal(comments(45).length, 2);
    assert.equal(comments(45)[0]!.body, forged, "the person's comment is untouched");
    assert.equal(comments(45)[1]!.user, "github-actions[bot]");
  });

  it("with a person's token, edits only that person's own comment (GET /user says who)", async () => {
    await byReviewer(46, `${PLAN_MARKER}\nnot the bot's`);
    const first = await post(stickyComment(plan(7)), 46, "ghp_platform_bot");
    const second = await post(stickyComment(plan(8)), 46, "ghp_platform_bot");
    assert.deepEqual([first.action, second.action], ["created", "updated"]);
    assert.equal(second.commentId, first.commentId);
    assert.deepEqual(
      comments(46).map((c) => c.user),
      ["octocat", "platform-bot"],
    );
    assert.match(comments(46)[0]!.body, /not the bot's/);
  });

  it("posts once when the connection is cut after GitHub made the comment", async () => {
    gh.server.injectFaults([{ kind: "cut" }], (r) => r.method === "POST" && r.path.endsWith("/47/comments"));
    const result = await post(stickyComment(plan(9)), 47);
    assert.equal(result.action, "created");
    assert.equal(comments(47).length, 1);
    assert.equal(result.commentId, comments(47)[0]!.id);
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
