/**
 * `POST /graphql` for the organization IP allow list, the one thing regionsync asks GitHub's GraphQL API. Requests are
 * checked against GitHub's public schema (vendor-specs/github-graphql.pruned.graphql) and answered as GitHub does:
 * HTTP 200 with `errors` beside what `data` could be made. An organization whose plan has no IP allow list
 * (`ipAllowList.available = false`) answers FORBIDDEN on those fields.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { vendorSpecsDir } from "../common/openapi.js";
import type { ManualRoute } from "../common/server.js";
import { execute, FieldError, type Json } from "./graphql-execute.js";
import { parseSchema, type TypeDef } from "./graphql-language.js";
import type { AllowListEntry, GitHubOrg } from "./org.js";

let schema: Map<string, TypeDef> | undefined;
const types = () => {
  schema ??= parseSchema(readFileSync(join(vendorSpecsDir(), "github-graphql.pruned.graphql"), "utf8"));
  return schema;
};

/** GitHub takes an address or a CIDR block. */
function validValue(value: string): boolean {
  const [address, length, extra] = value.split("/");
  const family = isIP(address ?? "");
  if (!family || extra !== undefined) return false;
  return length === undefined || (/^\d+$/.test(length) && Number(length) <= (family === 4 ? 32 : 128));
}

const page = (entries: AllowListEntry[], args: Json) => {
  const first = args.first as number | undefined;
  const last = args.last as number | undefined;
  if (first === undefined && last === undefined) {
    throw new FieldError(
      "MISSING_PAGINATION_BOUNDARIES",
      "You must provide a `first` or `last` value to properly paginate the `ipAllowListEntries` connection.",
    );
  }
  const size = first ?? last!;
  if (size > 100) {
    throw new FieldError(
      "EXCESSIVE_PAGINATION",
      `Requesting ${size} records on the \`ipAllowListEntries\` connection exceeds the \`${first !== undefined ? "first" : "last"}\` limit of 100 records.`,
    );
  }
  const sorted = [...entries].sort((a, b) => a.allowListValue.localeCompare(b.allowListValue));
  const start =
    typeof args.after === "string" ? Number(Buffer.from(args.after, "base64").toString().split(":")[1]) + 1 : 0;
  const slice = sorted.slice(start, start + size);
  const cursor = (i: number) => Buffer.from(`cursor:${start + i}`).toString("base64");
  const nodes = slice.map(render);
  return {
    nodes,
    edges: nodes.map((node, i) => ({ cursor: cursor(i), node })),
    totalCount: sorted.length,
    pageInfo: {
      hasNextPage: start + size < sorted.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? cursor(0) : null,
      endCursor: slice.length ? cursor(slice.length - 1) : null,
    },
  };
};

const render = (e: AllowListEntry) => ({ ...e });

export function graphqlRoute(org: GitHubOrg): ManualRoute {
  const list = org.ipAllowList;
  const forbidden = () => {
    if (!list.available) {
      throw new FieldError(
        "FORBIDDEN",
        `The organization ${org.login} must be on GitHub Enterprise Cloud to use an IP allow list.`,
      );
    }
  };
  const entry = (id: unknown) => {
    const found = list.entries.find((e) => e.id === id);
    if (!found) throw new FieldError("NOT_FOUND", `Could not resolve to a node with the global id of '${String(id)}'`);
    return found;
  };
  const checkValue = (value: string, except?: string) => {
    if (!validValue(value))
      throw new FieldError("UNPROCESSABLE", "Allow list value is not a valid IP address or range.");
    if (list.entries.some((e) => e.allowListValue === value && e.id !== except)) {
      throw new FieldError("UNPROCESSABLE", "Allow list value has already been taken");
    }
  };
  const organization = {
    id: org.nodeId,
    login: org.login,
    ipAllowListEnabledSetting: () => {
      forbidden();
      return list.enabled ? "ENABLED" : "DISABLED";
    },
    ipAllowListEntries: (args: Json) => {
      forbidden();
      return page(list.entries, args);
    },
  };
  const query = {
    organization: ({ login }: Json) => {
      if (String(login).toLowerCase() !== org.login.toLowerCase()) {
        throw new FieldError("NOT_FOUND", `Could not resolve to an Organization with the login of '${String(login)}'.`);
      }
      return organization;
    },
  };
  const mutation = {
    createIpAllowListEntry: ({ input }: Json) => {
      forbidden();
      const i = input as {
        ownerId: string;
        allowListValue: string;
        name?: string | null;
        isActive: boolean;
        clientMutationId?: string;
      };
      if (i.ownerId !== org.nodeId)
        throw new FieldError("NOT_FOUND", `Could not resolve to a node with the global id of '${i.ownerId}'`);
      checkValue(i.allowListValue);
      const now = org.now();
      const created: AllowListEntry = {
        id: `IALE_${Buffer.from(`entry:${org.nextId()}`).toString("base64url")}`,
        allowListValue: i.allowListValue,
        name: i.name ?? null,
        isActive: i.isActive,
        createdAt: now,
        updatedAt: now,
      };
      list.entries.push(created);
      return { clientMutationId: i.clientMutationId ?? null, ipAllowListEntry: render(created) };
    },
    updateIpAllowListEntry: ({ input }: Json) => {
      forbidden();
      const i = input as {
        ipAllowListEntryId: string;
        allowListValue: string;
        name?: string | null;
        isActive: boolean;
        clientMutationId?: string;
      };
      const found = entry(i.ipAllowListEntryId);
      checkValue(i.allowListValue, found.id);
      Object.assign(found, {
        allowListValue: i.allowListValue,
        name: i.name ?? null,
        isActive: i.isActive,
        updatedAt: org.now(),
      });
      return { clientMutationId: i.clientMutationId ?? null, ipAllowListEntry: render(found) };
    },
    deleteIpAllowListEntry: ({ input }: Json) => {
      forbidden();
      const i = input as { ipAllowListEntryId: string; clientMutationId?: string };
      const found = entry(i.ipAllowListEntryId);
      list.entries.splice(list.entries.indexOf(found), 1);
      return { clientMutationId: i.clientMutationId ?? null, ipAllowListEntry: render(found) };
    },
  };
  return {
    method: "POST",
    path: "/graphql",
    operationId: "graphql",
    handler: (req) => ({ status: 200, body: execute(types(), req.body, { query, mutation }) }),
  };
}
