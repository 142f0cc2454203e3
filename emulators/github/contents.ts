/**
 * Repositories as far as publishing a file goes: `repos/get`, the contents API (git blob shas, base64 wrapped at 60
 * characters, `sha` required to replace and checked against the file), git refs (create, read, reset) and pull
 * requests (one open per head and base). Octokit encodes `/` in a contents path and a ref; both forms are decoded here.
 */
import { createHash } from "node:crypto";
import type { EmulatorRequest, Handler } from "../common/server.js";
import { bodyOf, error, notFound, validationFailed } from "./http.js";
import type { GitHubOrg, Repository } from "./org.js";

/** Git's blob id: sha1 of `blob <size>\0` and the bytes. */
export const blobSha = (text: string) => {
  const bytes = Buffer.from(text);
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
};

const wrap = (b64: string) => b64.replace(/.{60}/g, "$&\n");

export function contentHandlers(org: GitHubOrg, baseUrl: () => string): Record<string, Handler> {
  const repoOf = (req: EmulatorRequest) => org.repo(String(req.params.owner), String(req.params.repo));
  const param = (req: EmulatorRequest, name: string) => decodeURIComponent(String(req.params[name]));
  const fileBody = (repo: Repository, path: string, text: string, ref: string) => {
    const sha = blobSha(text);
    const api = `${baseUrl()}/repos/${repo.owner}/${repo.name}/contents/${path}?ref=${ref}`;
    const html = `https://github.com/${repo.owner}/${repo.name}/blob/${ref}/${path}`;
    return {
      type: "file",
      encoding: "base64",
      size: Buffer.byteLength(text),
      name: path.split("/").pop(),
      path,
      content: wrap(Buffer.from(text).toString("base64")),
      sha,
      url: api,
      git_url: `${baseUrl()}/repos/${repo.owner}/${repo.name}/git/blobs/${sha}`,
      html_url: html,
      download_url: `https://raw.githubusercontent.com/${repo.owner}/${repo.name}/${ref}/${path}`,
      _links: { self: api, git: null, html },
    };
  };
  const refBody = (repo: Repository, branch: string) => ({
    ref: `refs/heads/${branch}`,
    node_id: `REF_${Buffer.from(branch).toString("base64url")}`,
    url: `${baseUrl()}/repos/${repo.owner}/${repo.name}/git/refs/heads/${branch}`,
    object: {
      type: "commit",
      sha: repo.branches.get(branch)!,
      url: `${baseUrl()}/repos/${repo.owner}/${repo.name}/git/commits/${repo.branches.get(branch)}`,
    },
  });
  const branchOf = (ref: string) => ref.replace(/^refs\//, "").replace(/^heads\//, "");

  return {
    "repos/get"(req) {
      const repo = repoOf(req);
      if (!repo) return notFound();
      return {
        status: 200,
        body: {
          id: repo.id,
          node_id: `R_${repo.id}`,
          name: repo.name,
          full_name: `${repo.owner}/${repo.name}`,
          owner: { login: repo.owner, id: org.orgId, type: "Organization" },
          private: true,
          html_url: `https://github.com/${repo.owner}/${repo.name}`,
          url: `${baseUrl()}/repos/${repo.owner}/${repo.name}`,
          default_branch: repo.default_branch,
          permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
        },
      };
    },
    "repos/get-content"(req) {
      const repo = repoOf(req);
      const ref = req.query.get("ref") ?? repo?.default_branch ?? "main";
      const path = param(req, "path");
      const text = repo && org.filesOf(repo, branchOf(ref))?.get(path);
      return repo && text !== undefined ? { status: 200, body: fileBody(repo, path, text, branchOf(ref)) } : notFound();
    },
    "repos/create-or-update-file-contents"(req) {
      const repo = repoOf(req);
      if (!repo) return notFound();
      const path = param(req, "path");
      const body = bodyOf(req) as { message: string; content: string; sha?: string; branch?: string };
      const branch = body.branch ?? repo.default_branch;
      const files = org.filesOf(repo, branch);
      if (!files) return error(404, `Branch ${branch} not found`);
      const current = files.get(path);
      if (current !== undefined && body.sha === undefined)
        return validationFailed("Contents", "sha", "missing_field", '"sha" wasn\'t supplied.');
      if (current !== undefined && body.sha !== blobSha(current))
        return error(409, `${path} does not match ${body.sha}`);
      if (current === undefined && body.sha !== undefined)
        return error(422, "sha does not match: the file does not exist");
      const text = Buffer.from(body.content, "base64").toString("utf8");
      const next = new Map(files);
      next.set(path, text);
      const commit = org.commit(repo, branch, next);
      const status = current === undefined ? 201 : 200;
      return {
        status,
        body: { content: fileBody(repo, path, text, branch), commit: { sha: commit, message: body.message } },
      };
    },
    "git/get-ref"(req) {
      const repo = repoOf(req);
      const branch = branchOf(param(req, "ref"));
      return repo?.branches.has(branch) ? { status: 200, body: refBody(repo, branch) } : notFound();
    },
    "git/create-ref"(req) {
      const repo = repoOf(req);
      if (!repo) return notFound();
      const { ref, sha } = bodyOf(req) as { ref: string; sha: string };
      if (!/^refs\/heads\/./.test(ref))
        return error(422, "Reference name must start with 'refs/' and have at least two slashes.");
      if (!repo.commits.has(sha)) return error(422, "Object does not exist");
      const branch = branchOf(ref);
      if (repo.branches.has(branch)) return error(422, "Reference already exists");
      repo.branches.set(branch, sha);
      return { status: 201, body: refBody(repo, branch) };
    },
    "git/update-ref"(req) {
      const repo = repoOf(req);
      if (!repo) return notFound();
      const branch = branchOf(param(req, "ref"));
      const { sha, force } = bodyOf(req) as { sha: string; force?: boolean };
      if (!repo.branches.has(branch)) return error(422, "Reference does not exist");
      if (!repo.commits.has(sha)) return error(422, "Object does not exist");
      const current = repo.branches.get(branch)!;
      let walk: string | null = sha;
      while (walk && walk !== current) walk = repo.commits.get(walk)?.parent ?? null;
      if (!force && walk !== current) return error(422, "Update is not a fast forward");
      repo.branches.set(branch, sha);
      return { status: 200, body: refBody(repo, branch) };
    },
    "pulls/create"(req) {
      const repo = repoOf(req);
      if (!repo) return notFound();
      const { head, base, title, body } = bodyOf(req) as { head: string; base: string; title?: string; body?: string };
      const headFiles = org.filesOf(repo, head);
      const baseFiles = org.filesOf(repo, base);
      if (!headFiles) return validationFailed("PullRequest", "head", "invalid");
      if (!baseFiles) return validationFailed("PullRequest", "base", "invalid");
      if (repo.pulls.some((p) => p.state === "open" && p.head === head && p.base === base)) {
        return validationFailed(
          "PullRequest",
          "",
          "custom",
          `A pull request already exists for ${repo.owner}:${head}.`,
        );
      }
      const same = headFiles.size === baseFiles.size && [...headFiles].every(([p, t]) => baseFiles.get(p) === t);
      if (same) return validationFailed("PullRequest", "", "custom", `No commits between ${base} and ${head}`);
      const number = repo.pulls.length + 1;
      repo.pulls.push({ number, head, base, title: title ?? "", body: body ?? "", state: "open" });
      const html_url = `https://github.com/${repo.owner}/${repo.name}/pull/${number}`;
      return {
        status: 201,
        body: {
          id: org.nextId(),
          number,
          state: "open",
          title,
          body,
          html_url,
          head: { ref: head },
          base: { ref: base },
        },
      };
    },
  };
}
