/**
 * Reading the published ip-ranges.json: the file in its repository (contents API) and, read-only and without
 * credentials, the copy served at `published_url`.
 */
import { DEFAULT_REQUEST_TIMEOUT_MS, type KindObservation } from "../../core/kind.js";
import type { Diagnostic, Instance } from "../../core/types.js";
import { isPlainHttp } from "../../core/urls.js";
import { code } from "./codes.js";
import { type IpRanges, parseIpRanges } from "./ip-ranges-document.js";
import type { IpRangesSpec } from "./ip-ranges-schema.js";
import { ifFound, splitRepository } from "./requests.js";
import type { GitHubClient, GitHubSession } from "./session.js";

/** A published file's text; enough for tens of thousands of prefixes, and a bound on what a URL can make us read. */
const MAX_BYTES = 5 * 1024 * 1024;

export interface ObservedRangesFile {
  repository: string;
  path: string;
  /** The branch read: the declared one or the repository's default. */
  branch: string;
  /** Absent when the file does not exist yet. */
  sha?: string;
  ranges?: IpRanges;
  published?: { url: string; ranges?: IpRanges };
}

export interface IpRangesState {
  /** By `fileKey`. */
  files: Record<string, ObservedRangesFile>;
}

/** The file a declaration publishes to, within the account: repository, branch when declared, path. */
export const fileKey = (spec: Pick<IpRangesSpec, "repository" | "path" | "branch">) =>
  spec.branch ? `${spec.repository}:${spec.branch}/${spec.path}` : `${spec.repository}/${spec.path}`;

/** The file's text and blob sha on `ref`, or undefined when it does not exist. */
export async function readRangesFile(gh: GitHubClient, repository: string, path: string, ref: string) {
  const found = await ifFound(() => gh.rest.repos.getContent({ ...splitRepository(repository), path, ref }));
  if (!found) return undefined;
  const data = found.data as { type?: string; content?: string; encoding?: string; sha?: string };
  if (Array.isArray(found.data) || data.type !== "file" || data.encoding !== "base64" || !data.sha) {
    throw new Error(`${repository}/${path} is not a file the contents API returns whole (over 1 MB, or a folder)`);
  }
  return { sha: data.sha, text: Buffer.from(data.content ?? "", "base64").toString("utf8") };
}

/** The published copy, fetched like any visitor would: no credentials, no redirects followed, bounded in size. */
async function fetchPublished(url: string): Promise<string> {
  if (isPlainHttp(url)) throw new Error("plain http off loopback is refused");
  const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(DEFAULT_REQUEST_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function observeFile(
  session: GitHubSession,
  spec: IpRangesSpec,
  instances: Instance<IpRangesSpec>[],
  diagnostics: Diagnostic[],
): Promise<ObservedRangesFile | undefined> {
  const gh = session.client;
  const where = `${spec.repository}/${spec.path}`;
  const repo = await ifFound(() => gh.rest.repos.get(splitRepository(spec.repository)));
  if (!repo) {
    diagnostics.push({
      severity: "error",
      code: code("repository-unreadable"),
      message: `repository ${spec.repository} does not exist or the credentials cannot see it; ${spec.path} is not published`,
      hint: "check the name, and that the token may write its contents (contents: write)",
      instance: instances[0]!.id,
    });
    return undefined;
  }
  const branch = spec.branch ?? repo.data.default_branch;
  const file = await readRangesFile(gh, spec.repository, spec.path, branch);
  const observed: ObservedRangesFile = { repository: spec.repository, path: spec.path, branch };
  if (file) {
    const parsed = parseIpRanges(file.text);
    if ("problem" in parsed) {
      for (const i of instances) {
        diagnostics.push({
          severity: "error",
          code: code("ip-ranges-invalid"),
          message: `${where} on ${branch} is not an ip-ranges.json in AWS's syntax (${parsed.problem}); regionsync leaves it alone`,
          hint: "fix or move the file, or publish to another path",
          instance: i.id,
        });
      }
      return undefined;
    }
    Object.assign(observed, { sha: file.sha, ranges: parsed.ranges });
  }
  if (spec.published_url) {
    const url = spec.published_url;
    try {
      const parsed = parseIpRanges(await fetchPublished(url));
      if ("problem" in parsed) throw new Error(parsed.problem);
      observed.published = { url, ranges: parsed.ranges };
    } catch (error) {
      diagnostics.push({
        severity: "warning",
        code: code("published-unreadable"),
        message: `the published copy at ${url} could not be read (${(error as Error).message}); it was not compared`,
        hint: "check that the URL serves the file over https without a redirect",
      });
    }
  }
  return observed;
}

export async function observeIpRanges(
  session: GitHubSession,
  instances: Instance<IpRangesSpec>[],
): Promise<KindObservation<IpRangesState>> {
  const files: Record<string, ObservedRangesFile> = {};
  const diagnostics: Diagnostic[] = [];
  const byFile = new Map<string, Instance<IpRangesSpec>[]>();
  for (const i of instances) byFile.set(fileKey(i.spec), [...(byFile.get(fileKey(i.spec)) ?? []), i]);
  let owned = 0;
  for (const [key, group] of byFile) {
    const observed = await observeFile(session, group[0]!.spec, group, diagnostics);
    if (!observed) continue;
    files[key] = observed;
    owned += observed.ranges?.entries.filter((e) => e.service === group[0]!.spec.service).length ?? 0;
  }
  return { state: { files }, owned, diagnostics };
}
