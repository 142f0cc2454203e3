/** Issue and pull-request comments, with GitHub's 65,536-character body limit. */
import type { EmulatorRequest, Handler } from "../common/server.js";
import { bodyOf, notFound, paginate, validationFailed } from "./http.js";
import { type Identity, renderUser } from "./identity.js";
import type { Comment, GitHubOrg, Repository } from "./org.js";

export const MAX_COMMENT_CHARS = 65_536;

function render(c: Comment, repo: Repository, issue: number, base: string) {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/repos/${repo.owner}/${repo.name}/issues/comments/${c.id}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${issue}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${repo.owner}/${repo.name}/issues/${issue}`,
    body: c.body,
    user: renderUser({ login: c.user, id: c.user_id ?? 583231, type: c.app ? "Bot" : "User" }),
    performed_via_github_app: c.app
      ? { ...c.app, node_id: `A_${c.app.id}`, owner: null, description: null, external_url: "", html_url: "" }
      : null,
    author_association: "NONE",
    created_at: c.created_at,
    updated_at: c.updated_at,
  };
}

function tooLong(body: string) {
  // GitHub counts characters, not UTF-16 code units.
  return [...body].length > MAX_COMMENT_CHARS
    ? validationFailed(
        "IssueComment",
        "body",
        "custom",
        `Body is too long (maximum is ${MAX_COMMENT_CHARS} characters)`,
      )
    : undefined;
}

export function commentHandlers(
  org: GitHubOrg,
  baseUrl: () => string,
  author: (req: EmulatorRequest) => Identity,
): Record<string, Handler> {
  const repoOf = (req: EmulatorRequest) => org.repo(String(req.params.owner), String(req.params.repo));
  const locate = (repo: Repository, id: number) => {
    for (const [issue, list] of repo.comments) {
      const c = list.find((x) => x.id === id);
      if (c) return { issue, comment: c };
    }
    return undefined;
  };
  return {
    "issues/list-comments": (req) => {
      const repo = repoOf(req);
      if (!repo) return notFound();
      const issue = Number(req.params.issue_number);
      return paginate(
        req,
        (repo.comments.get(issue) ?? []).map((c) => render(c, repo, issue, baseUrl())),
      );
    },
    "issues/create-comment": (req) => {
      const repo = repoOf(req);
      if (!repo) return notFound();
      const body = String(bodyOf(req).body ?? "");
      const refused = tooLong(body);
      if (refused) return refused;
      const issue = Number(req.params.issue_number);
      const now = org.now();
      const who = author(req);
      const c: Comment = {
        id: org.nextId(),
        body,
        user: who.login,
        user_id: who.id,
        ...(who.app ? { app: who.app } : {}),
        created_at: now,
        updated_at: now,
      };
      repo.comments.set(issue, [...(repo.comments.get(issue) ?? []), c]);
      return { status: 201, body: render(c, repo, issue, baseUrl()) };
    },
    "issues/update-comment": (req) => {
      const repo = repoOf(req);
      const found = repo && locate(repo, Number(req.params.comment_id));
      if (!repo || !found) return notFound();
      const body = String(bodyOf(req).body ?? "");
      const refused = tooLong(body);
      if (refused) return refused;
      Object.assign(found.comment, { body, updated_at: org.now() });
      return { status: 200, body: render(found.comment, repo, found.issue, baseUrl()) };
    },
  };
}
