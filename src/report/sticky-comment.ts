/**
 * The plan as one sticky pull-request comment: its text, opened by a hidden marker that finds it again on every push
 * (so a pull request never collects a stack of stale plans) and cut to fit GitHub's limit. Posting it is the GitHub
 * provider's (`providers/github/pr-comment.ts`).
 */

/** GitHub refuses a comment body longer than this with 422 "Body is too long (maximum is 65536 characters)". */
export const MAX_COMMENT_CHARS = 65_536;
export const PLAN_MARKER = "<!-- regionsync:plan -->";

/** Headroom for the note and the tags closed after the cut. */
const RESERVE = 1_000;

/**
 * The markdown as it fits in one comment: unchanged when short enough; otherwise cut at a line boundary, with open
 * code fences and `<details>` blocks closed and a note saying how much was left out. Pure.
 */
export function fitCommentBody(markdown: string, limit = MAX_COMMENT_CHARS): { body: string; truncated: boolean } {
  if (markdown.length <= limit) return { body: markdown, truncated: false };
  const budget = Math.max(0, limit - RESERVE);
  let cut = markdown.lastIndexOf("\n", budget);
  if (cut <= 0) cut = budget;
  const kept = markdown.slice(0, cut);
  const lines = kept.split("\n");
  const openFence = lines.filter((l) => /^\s*(```|~~~)/.test(l)).length % 2 === 1;
  const opened = (kept.match(/<details[\s>]/g) ?? []).length;
  const closed = (kept.match(/<\/details>/g) ?? []).length;
  const closers = [
    ...(openFence ? ["```"] : []),
    ...Array.from({ length: Math.max(0, opened - closed) }, () => "</details>"),
  ].join("\n");
  const note = `> [!WARNING]\n> **This plan was cut to fit GitHub's ${MAX_COMMENT_CHARS.toLocaleString("en-US")}-character comment limit:** ${kept.length.toLocaleString("en-US")} of ${markdown.length.toLocaleString("en-US")} characters are shown. Run \`regionsync plan\` or read the job log for the full plan.`;
  const body = `${kept}\n${closers ? `${closers}\n` : ""}\n${note}\n`;
  return { body: body.length <= limit ? body : body.slice(0, limit), truncated: true };
}

export interface StickyComment {
  /** Opens the body; the comment that starts with it is the one to edit. */
  marker: string;
  body: string;
  truncated: boolean;
}

/** The comment for a markdown plan: the marker, then the plan cut to fit beside it. */
export function stickyComment(markdown: string, marker = PLAN_MARKER): StickyComment {
  const fitted = fitCommentBody(markdown, MAX_COMMENT_CHARS - marker.length - 1);
  return { marker, body: `${marker}\n${fitted.body}`, truncated: fitted.truncated };
}
