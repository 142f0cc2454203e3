/**
 * The plan as one sticky pull-request comment: found by a hidden marker and edited in place on every push, so a
 * pull request never collects a stack of stale plans.
 */
import { silentLogger } from "../../core/log.js";
import type { Logger } from "../../core/types.js";
import { createGitHubClient, type Pacing } from "./client.js";

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

export interface StickyCommentOptions {
  /** `https://api.github.com`, or a GitHub Enterprise Server `https://HOST/api/v3`. */
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  issueNumber: number;
  /** The markdown plan; the marker is added and the body cut to fit here. */
  body: string;
  /** Distinguishes several sticky comments on one pull request (e.g. one per desired-state file). */
  marker?: string;
  logger?: Logger;
  pacing?: Pacing;
}

export interface StickyCommentResult {
  action: "created" | "updated" | "unchanged";
  commentId: number;
  url: string;
  truncated: boolean;
}

/** Creates the plan comment, or edits the one carrying the marker. Throws on failure, so CI can fail the job. */
export async function upsertStickyComment(opts: StickyCommentOptions): Promise<StickyCommentResult> {
  const marker = opts.marker ?? PLAN_MARKER;
  const [owner, repo] = opts.repository.split("/");
  if (!owner || !repo) throw new Error(`repository must be owner/name, got "${opts.repository}"`);
  const fitted = fitCommentBody(opts.body, MAX_COMMENT_CHARS - marker.length - 1);
  const body = `${marker}\n${fitted.body}`;
  const gh = createGitHubClient({
    baseUrl: opts.apiUrl,
    credentials: { token: opts.token },
    logger: opts.logger ?? silentLogger,
    pacing: opts.pacing,
  });
  const comments = await gh.paginate(gh.rest.issues.listComments, {
    owner,
    repo,
    issue_number: opts.issueNumber,
    per_page: 100,
  });
  // The marker must open the body: a person quoting the comment does not make their reply the sticky one.
  const existing = comments.find((c) => c.body?.startsWith(marker));
  if (existing) {
    if (existing.body === body) {
      return { action: "unchanged", commentId: existing.id, url: existing.html_url, truncated: fitted.truncated };
    }
    const { data } = await gh.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return { action: "updated", commentId: data.id, url: data.html_url, truncated: fitted.truncated };
  }
  const { data } = await gh.rest.issues.createComment({ owner, repo, issue_number: opts.issueNumber, body });
  return { action: "created", commentId: data.id, url: data.html_url, truncated: fitted.truncated };
}
