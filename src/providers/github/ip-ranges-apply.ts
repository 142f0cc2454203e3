/**
 * Writing ip-ranges.json through the contents API, on a fresh read: as a commit on the branch, or on the branch
 * `regionsync/<path>` with a pull request into it. A write that finds the file already so sends nothing, and
 * `syncToken`/`createDate` change only with the prefixes.
 */
import type { ApplyOutcome } from "../../core/kind.js";
import { VendorRequestError } from "../../core/vendor-error.js";
import {
  type IpRanges,
  parseIpRanges,
  publicationHeader,
  renderIpRanges,
  withRegionPrefixes,
} from "./ip-ranges-document.js";
import { readRangesFile } from "./ip-ranges-observe.js";
import type { IpRangesPayload } from "./ip-ranges-schema.js";
import { ifFound, isStatus, splitRepository } from "./requests.js";
import type { GitHubClient, GitHubSession } from "./session.js";

/** A write racing another one (a stale blob sha) is retried on a fresh read this many times. */
const ATTEMPTS = 3;

const empty = (): IpRanges => ({ syncToken: "0", createDate: "1970-01-01-00-00-00", entries: [] });

/** The branch a pull request proposes from: regionsync's own, reset to the base on the first write of each run. */
export const proposalBranch = (path: string) => `regionsync/${path}`;

/** Per session (one run), the proposal branches already reset to their base, so later changes build on them. */
const prepared = new WeakMap<GitHubSession, Set<string>>();

function describe(p: IpRangesPayload): string {
  const parts = [p.add.length ? `add ${p.add.join(", ")}` : "", p.remove.length ? `remove ${p.remove.join(", ")}` : ""];
  return `${p.service} ${p.region}: ${parts.filter(Boolean).join("; ")}`;
}

/** Writes the change on `branch`; returns whether anything was written. */
async function writeOn(gh: GitHubClient, p: IpRangesPayload, branch: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const file = await readRangesFile(gh, p.repository, p.path, branch);
    const parsed = file ? parseIpRanges(file.text) : { ranges: empty() };
    if ("problem" in parsed)
      throw new Error(`${p.repository}/${p.path} on ${branch} is no longer an ip-ranges.json (${parsed.problem})`);
    const { entries, changed } = withRegionPrefixes(parsed.ranges, p);
    if (!changed) return false;
    const header = publicationHeader(file ? parsed.ranges.syncToken : undefined, Date.now() / 1000);
    const text = renderIpRanges({ ...header, entries });
    try {
      await gh.rest.repos.createOrUpdateFileContents({
        ...splitRepository(p.repository),
        path: p.path,
        branch,
        message: `regionsync: ${describe(p)} in ${p.path}`,
        content: Buffer.from(text).toString("base64"),
        ...(file ? { sha: file.sha } : {}),
      });
      return true;
    } catch (error) {
      // 409: the file changed since it was read; 422: it was created meanwhile. Read it again.
      if (attempt >= ATTEMPTS || !(isStatus(error, 409) || isStatus(error, 422))) throw error;
    }
  }
}

/** Points the proposal branch at the base's head, creating it if needed. */
async function resetBranch(gh: GitHubClient, repository: string, base: string, branch: string): Promise<void> {
  const at = splitRepository(repository);
  const { data } = await gh.rest.git.getRef({ ...at, ref: `heads/${base}` });
  const sha = data.object.sha;
  if (await ifFound(() => gh.rest.git.getRef({ ...at, ref: `heads/${branch}` }))) {
    await gh.rest.git.updateRef({ ...at, ref: `heads/${branch}`, sha, force: true });
    return;
  }
  await gh.createOnce(
    async () => (await gh.rest.git.createRef({ ...at, ref: `refs/heads/${branch}`, sha })).data.ref,
    async () => (await ifFound(() => gh.rest.git.getRef({ ...at, ref: `heads/${branch}` })))?.data.ref,
  );
}

async function propose(session: GitHubSession, p: IpRangesPayload): Promise<ApplyOutcome> {
  const gh = session.client;
  const head = proposalBranch(p.path);
  const mine = prepared.get(session) ?? new Set<string>();
  prepared.set(session, mine);
  const key = `${p.repository}\u0000${head}`;
  if (!mine.has(key)) {
    // Already published on the base: nothing to propose, and an open proposal is left for a person to close.
    const base = await readRangesFile(gh, p.repository, p.path, p.branch);
    const parsed = base ? parseIpRanges(base.text) : { ranges: empty() };
    if ("ranges" in parsed && !withRegionPrefixes(parsed.ranges, p).changed) return { message: "already published" };
    await resetBranch(gh, p.repository, p.branch, head);
    mine.add(key);
  }
  await writeOn(gh, p, head);
  try {
    const { data } = await gh.rest.pulls.create({
      ...splitRepository(p.repository),
      head,
      base: p.branch,
      title: `regionsync: update ${p.path}`,
      body: "The egress networks of the regions in desired-state.yaml changed. regionsync keeps this branch up to date; merge to publish.",
    });
    return { message: `proposed in pull request #${data.number}`, ref: data.html_url };
  } catch (error) {
    // GitHub allows one open pull request per head and base: the branch's new commit is already in it.
    if (error instanceof VendorRequestError && error.status === 422 && /already exists/i.test(error.message)) {
      return { message: `proposed on ${head} (its pull request is open)` };
    }
    throw error;
  }
}

export async function applyIpRanges(session: GitHubSession, p: IpRangesPayload): Promise<ApplyOutcome> {
  if (p.publish === "pull_request") return propose(session, p);
  const written = await writeOn(session.client, p, p.branch);
  return { message: written ? describe(p) : "already published" };
}
