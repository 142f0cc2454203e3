/**
 * Posts the sticky plan comment: edits the pull request's comment that opens with the marker and was written by the
 * token's own user or app, or creates it. A comment someone else wrote is never edited, whatever it starts with.
 * Loaded only when a comment is posted, as it brings the SDK.
 */
import { silentLogger } from "../../core/log.js";
import type { Logger, SecretSink } from "../../core/types.js";
import { isStatus } from "./requests.js";
import { createGitHubClient, type GitHubClient, type Pacing } from "./session.js";

/** The app behind a workflow run's `GITHUB_TOKEN`. */
export const ACTIONS_APP_SLUG = "github-actions";

export interface StickyCommentOptions {
  /** `https://api.github.com`, or a GitHub Enterprise Server `https://HOST/api/v3`. */
  apiUrl: string;
  token: string;
  /** `owner/name`. */
  repository: string;
  issueNumber: number;
  /** The rendered comment; the one whose body opens with `marker` and that we wrote is edited. */
  comment: { marker: string; body: string };
  /** The app an installation token belongs to (default: the workflow token's, `github-actions`). */
  appSlug?: string;
  logger?: Logger;
  pacing?: Pacing;
  secrets?: SecretSink;
  timeoutMs?: number;
  /** The fetch the comment goes out through (the operator's proxy applied). */
  fetch?: typeof fetch;
}

export interface StickyCommentResult {
  action: "created" | "updated" | "unchanged";
  commentId: number;
  url: string;
}

/**
 * The login the token comments as. A user token (personal or OAuth) answers `GET /user`. An installation token gets
 * 403 there (the endpoint is not open to apps) and comments as its app's bot, `<slug>[bot]`; the installation token
 * cannot read its app's slug, so it is given.
 */
async function ownLogin(gh: GitHubClient, appSlug: string): Promise<string> {
  try {
    return (await gh.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    if (isStatus(error, 403)) return `${appSlug}[bot]`;
    throw error;
  }
}

/** Creates the plan comment, or edits our own one carrying the marker. Throws on failure, so CI can fail the job. */
export async function upsertStickyComment(opts: StickyCommentOptions): Promise<StickyCommentResult> {
  const { marker, body } = opts.comment;
  const [owner, repo] = opts.repository.split("/");
  if (!owner || !repo) throw new Error(`repository must be owner/name, got "${opts.repository}"`);
  const gh = createGitHubClient({
    baseUrl: opts.apiUrl,
    credentials: { token: opts.token },
    logger: opts.logger ?? silentLogger,
    pacing: opts.pacing,
    secrets: opts.secrets,
    timeoutMs: opts.timeoutMs,
    fetch: opts.fetch,
  });
  const login = (await ownLogin(gh, opts.appSlug ?? ACTIONS_APP_SLUG)).toLowerCase();
  const issue = { owner, repo, issue_number: opts.issueNumber };
  const ours = async () =>
    (await gh.paginate(gh.rest.issues.listComments, { ...issue, per_page: 100 })).find(
      // The marker must open the body: a person quoting the comment does not make their reply the sticky one.
      (c) => c.user?.login.toLowerCase() === login && c.body?.startsWith(marker),
    );
  const existing = await ours();
  if (existing) {
    if (existing.body === body) return { action: "unchanged", commentId: existing.id, url: existing.html_url };
    const { data } = await gh.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return { action: "updated", commentId: data.id, url: data.html_url };
  }
  const created = await gh.createOnce(async () => (await gh.rest.issues.createComment({ ...issue, body })).data, ours);
  return { action: "created", commentId: created.id, url: created.html_url };
}
