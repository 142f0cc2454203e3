import assert from "node:assert/strict";
import { it } from "node:test";
import { fitCommentBody, MAX_COMMENT_CHARS, PLAN_MARKER, stickyComment } from "./sticky-comment.js";

it("leaves a plan that fits untouched", () => {
  assert.deepEqual(fitCommentBody("short plan"), { body: "short plan", truncated: false });
  const exact = "x".repeat(MAX_COMMENT_CHARS);
  assert.equal(fitCommentBody(exact).truncated, false);
});

it("cuts at a line boundary, closes what it cut open, and says how much is shown", () => {
  const long = `<details><summary>auth0</summary>\n\n\`\`\`\n${"line of plan output\n".repeat(5000)}\`\`\`\n</details>\n`;
  const { body, truncated } = fitCommentBody(long);
  assert.equal(truncated, true);
  assert.ok(body.length <= MAX_COMMENT_CHARS);
  assert.match(body, /line of plan output\n```\n<\/details>\n/);
  assert.match(body, /characters are shown/);
  assert.match(body, new RegExp(`of ${long.length.toLocaleString("en-US")} characters`));
});

it("honours a smaller limit (room for the marker)", () => {
  const { body } = fitCommentBody("a\n".repeat(3000), 2000);
  assert.ok(body.length <= 2000);
});

it("opens the comment with its marker and keeps the whole comment within GitHub's limit", () => {
  assert.deepEqual(stickyComment("short plan"), {
    marker: PLAN_MARKER,
    body: `${PLAN_MARKER}\nshort plan`,
    truncated: false,
  });
  const long = stickyComment("line of plan output\n".repeat(5000), "<!-- regionsync:plan:prod -->");
  assert.equal(long.truncated, true);
  assert.ok(long.body.startsWith("<!-- regionsync:plan:prod -->\n"));
  assert.ok(long.body.length <= MAX_COMMENT_CHARS);
});
