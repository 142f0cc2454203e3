/**
 * Posts the sticky plan comment: edits the pull request's comment that opens with the marker, or creates it. Loaded
 * only when a comment is posted, as it brings the SDK.
 */
import { silentLogger } from "../../core/log.js";
import type { Logger } from "../../core/types.js";
import { createGitHubClient, type Pacing } from "./session.js";

export interface StickyCommentOptions {
  /** `https://api.github.com`, or a GitHub Enterprise Server `https://HOST/api/v3`. */
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  issueNumber: number;
  /** The rendered comment; the one whose body opens with `marker` is edited. */
  comment: { marker: string; body: string };
  logger?: Logger;
  pacing?: Pacing;
}

export interface StickyCommentResult {
  action: "created" | "updated" | "unchanged";
  commentId: number;
  url: string;
}

/** Creates the plan comment, or edits the one carrying the marker. Throws on failure, so CI can fail the job. */
export async function upsertStickyComment(opts: StickyCommentOptions): Promise<StickyCommentResult> {
  const { marker, body } = opts.comment;
  const [owner, repo] = opts.repository.split("/");
  if (!owner || !repo) throw new Error(`repository must be owner/name, got "${opts.repository}"`);
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
    if (existing.body === body) return { action: "unchanged", commentId: existing.id, url: existing.html_url };
    const { data } = await gh.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return { action: "updated", commentId: data.id, url: data.html_url };
  }
  const { data } = await gh.rest.issues.createComment({ owner, repo, issue_number: opts.issueNumber, body });
  return { action: "created", commentId: data.id, url: data.html_url };
}
