/**
 * GitHub's organization IP allow list, which only the GraphQL API has, through the same Octokit client's `graphql`.
 * A GraphQL error comes back with HTTP 200; it is cut to one line here, like REST errors in transport.ts.
 */
import { maskLabelledCredentials } from "../../core/redact.js";
import { firstLine, VendorRequestError } from "../../core/vendor-error.js";
import type { GitHubClient } from "./session.js";

export interface AllowListEntry {
  id: string;
  allowListValue: string;
  name: string | null;
  isActive: boolean;
}

export interface AllowList {
  /** The organization's node id: the owner of new entries. */
  ownerId: string;
  enabled: boolean;
  entries: AllowListEntry[];
}

/** The list, or why it cannot be had: the organization does not exist, or has no IP allow list for these credentials. */
export type AllowListRead = { list: AllowList } | { missing: string } | { unavailable: string };

interface GraphqlError {
  type?: string;
  message?: string;
  path?: Array<string | number>;
}

const READ = `query ($login: String!, $after: String) {
  organization(login: $login) {
    id
    ipAllowListEnabledSetting
    ipAllowListEntries(first: 100, after: $after) {
      nodes { id allowListValue name isActive }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const CREATE = `mutation ($input: CreateIpAllowListEntryInput!) {
  createIpAllowListEntry(input: $input) { ipAllowListEntry { id } }
}`;

const UPDATE = `mutation ($input: UpdateIpAllowListEntryInput!) {
  updateIpAllowListEntry(input: $input) { ipAllowListEntry { id } }
}`;

const DELETE = `mutation ($input: DeleteIpAllowListEntryInput!) {
  deleteIpAllowListEntry(input: $input) { clientMutationId }
}`;

const errorsOf = (error: unknown): GraphqlError[] | undefined => {
  const errors = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? (errors as GraphqlError[]) : undefined;
};

const lineOf = (errors: GraphqlError[]) =>
  maskLabelledCredentials(firstLine(errors.map((e) => e.message ?? e.type ?? "error").join("; ")));

/** GraphQL's errors, answered with HTTP 200, kept so the caller can tell a missing feature from a failure. */
class GraphqlRequestError extends VendorRequestError {
  constructor(readonly errors: GraphqlError[]) {
    super(`GitHub GraphQL: ${lineOf(errors)}`, 200);
  }
}

async function run<T>(gh: GitHubClient, query: string, variables: Record<string, unknown>): Promise<T> {
  try {
    return await gh.graphql<T>(query, variables);
  } catch (error) {
    const errors = errorsOf(error);
    throw errors ? new GraphqlRequestError(errors) : error;
  }
}

interface Page {
  organization: {
    id: string;
    ipAllowListEnabledSetting: "ENABLED" | "DISABLED";
    ipAllowListEntries: { nodes: AllowListEntry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  } | null;
}

/** Every entry, 100 a page. An organization whose plan lacks the feature (or a token of a non-owner) reads as unavailable. */
export async function readAllowList(gh: GitHubClient, login: string): Promise<AllowListRead> {
  const entries: AllowListEntry[] = [];
  let after: string | null = null;
  for (;;) {
    let page: Page;
    try {
      page = await run<Page>(gh, READ, { login, after });
    } catch (error) {
      if (!(error instanceof GraphqlRequestError)) throw error;
      const { errors } = error;
      if (errors.some((e) => e.type === "NOT_FOUND" && e.path?.length === 1)) return { missing: lineOf(errors) };
      if (errors.some((e) => e.type === "FORBIDDEN" || e.path?.some((p) => String(p).startsWith("ipAllowList")))) {
        return { unavailable: lineOf(errors) };
      }
      throw error;
    }
    const org = page.organization;
    if (!org) return { missing: `no organization ${login}` };
    entries.push(...org.ipAllowListEntries.nodes);
    const { hasNextPage, endCursor } = org.ipAllowListEntries.pageInfo;
    if (!hasNextPage || !endCursor) {
      return { list: { ownerId: org.id, enabled: org.ipAllowListEnabledSetting === "ENABLED", entries } };
    }
    after = endCursor;
  }
}

/** Creates an active entry; returns its id. */
export async function createEntry(gh: GitHubClient, ownerId: string, cidr: string, name: string): Promise<string> {
  const input = { ownerId, allowListValue: cidr, name, isActive: true };
  const data = await run<{ createIpAllowListEntry: { ipAllowListEntry: { id: string } | null } | null }>(gh, CREATE, {
    input,
  });
  return data.createIpAllowListEntry?.ipAllowListEntry?.id ?? "";
}

export async function updateEntry(gh: GitHubClient, entry: AllowListEntry, name: string): Promise<void> {
  const input = { ipAllowListEntryId: entry.id, allowListValue: entry.allowListValue, name, isActive: entry.isActive };
  await run(gh, UPDATE, { input });
}

export async function deleteEntry(gh: GitHubClient, id: string): Promise<void> {
  await run(gh, DELETE, { input: { ipAllowListEntryId: id } });
}
