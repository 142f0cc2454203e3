/**
 * The one merge rule, shared by plan (against the observation) and apply (against a read seconds old): add what is
 * missing, remove only what the ownership record says we added, leave everything else exactly where it is.
 */
import { z } from "zod";
import { createPayloadSchema, deletePayloadSchema } from "./applications-create.js";
import {
  encodeOwnership,
  type MetadataUpdate,
  mergeMetadata,
  ownershipToken,
  readOwnership,
} from "./applications-ownership.js";
import { MAX_URLS_PER_LIST, type ObservedApp, URL_FIELDS, type UrlField } from "./applications-schema.js";

const urlList = z.array(z.string()).optional();
const urlLists = z.strictObject({
  callbacks: urlList,
  allowed_logout_urls: urlList,
  web_origins: urlList,
  allowed_origins: urlList,
} satisfies Record<UrlField, unknown>);
export type UrlLists = z.infer<typeof urlLists>;

/** What one change asks for; this is the change's payload (plain data, no secrets). */
export const intentSchema = z.strictObject({
  clientId: z.string().min(1),
  name: z.string(),
  add: urlLists.optional(),
  remove: urlLists.optional(),
  /** Set `initiate_login_uri` to this value. */
  setLogin: z.string().optional(),
  /** Clear `initiate_login_uri` if it still holds this value and we set it. */
  clearLogin: z.string().optional(),
});
export type Intent = z.infer<typeof intentSchema>;

/** A change's payload: merge URLs into an application, create one, or delete one regionsync created. */
export const applicationPayloadSchema = z.union([intentSchema, createPayloadSchema, deletePayloadSchema]);
export type ApplicationPayload = z.infer<typeof applicationPayloadSchema>;

/** The PATCH body: only fields that change. `client_metadata` holds only our keys; Auth0 merges it key by key. */
export interface PatchBody extends UrlLists {
  initiate_login_uri?: string;
  client_metadata?: MetadataUpdate;
}

export interface IntentResult {
  body: PatchBody;
  /** The application as it will be after the PATCH. */
  next: ObservedApp;
  added: UrlLists;
  removed: UrlLists;
  login?: { before: string; after: string };
  /** Limits the result would break; nothing may be written when there are any. */
  problems: string[];
}

export function applyIntent(app: ObservedApp, intent: Intent): IntentResult {
  const owned = readOwnership(app.client_metadata);
  const tokens = new Set(owned);
  const next: ObservedApp = { ...app };
  const body: PatchBody = {};
  const added: UrlLists = {};
  const removed: UrlLists = {};
  const problems: string[] = [];

  for (const field of URL_FIELDS) {
    const current = app[field];
    const removals = new Set(
      (intent.remove?.[field] ?? []).filter((u) => current.includes(u) && owned.has(ownershipToken(field, u))),
    );
    const kept = current.filter((u) => !removals.has(u));
    const additions = [...new Set(intent.add?.[field] ?? [])].filter((u) => !kept.includes(u));
    const list = [...kept, ...additions];
    for (const u of additions) tokens.add(ownershipToken(field, u));
    for (const u of removals) tokens.delete(ownershipToken(field, u));
    if (removals.size > 0) removed[field] = [...removals];
    if (additions.length > 0) added[field] = additions;
    if (removals.size > 0 || additions.length > 0) {
      next[field] = list;
      body[field] = list;
    }
    if (list.length > MAX_URLS_PER_LIST) {
      problems.push(`${field} would hold ${list.length} URLs, over Auth0's limit of ${MAX_URLS_PER_LIST}`);
    }
  }

  let login: IntentResult["login"];
  if (intent.setLogin !== undefined && app.initiate_login_uri !== intent.setLogin) {
    login = { before: app.initiate_login_uri, after: intent.setLogin };
    tokens.add(ownershipToken("initiate_login_uri", intent.setLogin));
  } else if (
    intent.clearLogin !== undefined &&
    app.initiate_login_uri === intent.clearLogin &&
    owned.has(ownershipToken("initiate_login_uri", intent.clearLogin))
  ) {
    login = { before: app.initiate_login_uri, after: "" };
  }
  if (login) {
    next.initiate_login_uri = login.after;
    body.initiate_login_uri = login.after;
  }

  // Tokens whose URL has left its list (removed by hand, say) are dropped whenever we write anyway.
  const present = new Set<string>(URL_FIELDS.flatMap((f) => next[f].map((u) => ownershipToken(f, u))));
  if (next.initiate_login_uri) present.add(ownershipToken("initiate_login_uri", next.initiate_login_uri));
  const record = encodeOwnership(
    [...tokens].filter((t) => present.has(t)),
    app.client_metadata,
  );
  if ("error" in record) {
    problems.push(record.error);
  } else if (Object.keys(body).length > 0 && Object.keys(record.update).length > 0) {
    body.client_metadata = record.update;
    next.client_metadata = mergeMetadata(app.client_metadata, record.update);
  }
  return { body, next, added, removed, login, problems };
}

/** The URL pairs an application holds that its ownership record claims. */
export function ownedEntries(app: ObservedApp): number {
  const owned = readOwnership(app.client_metadata);
  if (owned.size === 0) return 0;
  let count = URL_FIELDS.reduce((n, f) => n + app[f].filter((u) => owned.has(ownershipToken(f, u))).length, 0);
  if (app.initiate_login_uri && owned.has(ownershipToken("initiate_login_uri", app.initiate_login_uri))) count++;
  return count;
}
