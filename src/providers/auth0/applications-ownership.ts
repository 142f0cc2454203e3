/**
 * Which URLs regionsync added to an application, kept in the application itself: a CronJob has no disk, and Auth0
 * URLs carry no metadata of their own. The record lives in `client_metadata`, whose limits are 10 keys and string
 * values of at most 255 characters.
 *
 * Encoding (version 1): `client_metadata.regionsync = "1:" + tokens`, where each token is the first 5 characters of
 * base64url(sha256(field + "\n" + url)) (30 bits), tokens sorted and concatenated without separators. One key holds
 * 50 tokens; more spill into `regionsync_2`, `regionsync_3`, ... as long as the application has free keys. A token
 * names a (list, URL) pair, so one URL in two lists is two tokens, and a template change or a removed region leaves
 * tokens that no desired URL matches: exactly the URLs that may be removed. A URL counts as ours only while it is in
 * its list and its token is in the record; a person adding the same URL by hand before us means we never record it.
 * A hand-added URL is mistaken for ours only on a 30-bit hash collision with one of that application's own tokens.
 *
 * Auth0 merges `client_metadata` key by key on PATCH (a key set to null is removed), so writing only these keys
 * never disturbs anybody else's.
 */
import { createHash } from "node:crypto";
import type { ManagedField } from "./applications-urls.js";

export const OWNERSHIP_KEY = "regionsync";
const PREFIX = "1:";
const TOKEN_LENGTH = 5;
export const MAX_METADATA_KEYS = 10;
const MAX_VALUE_LENGTH = 255;
const TOKENS_PER_KEY = Math.floor((MAX_VALUE_LENGTH - PREFIX.length) / TOKEN_LENGTH);

export function ownershipToken(field: ManagedField, url: string): string {
  return createHash("sha256").update(`${field}\n${url}`).digest("base64url").slice(0, TOKEN_LENGTH);
}

const keyName = (index: number) => (index === 0 ? OWNERSHIP_KEY : `${OWNERSHIP_KEY}_${index + 1}`);

export function isOwnershipKey(key: string): boolean {
  return key === OWNERSHIP_KEY || /^regionsync_([2-9]|10)$/.test(key);
}

/** The tokens recorded in an application's metadata. Values in another format are ignored: we then own nothing. */
export function readOwnership(meta: Readonly<Record<string, string>>): Set<string> {
  const tokens = new Set<string>();
  for (const [key, value] of Object.entries(meta)) {
    if (!isOwnershipKey(key) || !value.startsWith(PREFIX)) continue;
    const body = value.slice(PREFIX.length);
    for (let i = 0; i + TOKEN_LENGTH <= body.length; i += TOKEN_LENGTH) tokens.add(body.slice(i, i + TOKEN_LENGTH));
  }
  return tokens;
}

export type MetadataUpdate = Record<string, string | null>;

/**
 * The `client_metadata` keys to send so that the record holds exactly `tokens`; empty when nothing changes.
 * Deterministic (tokens are sorted), so an unchanged record is never rewritten.
 */
export function encodeOwnership(
  tokens: Iterable<string>,
  meta: Readonly<Record<string, string>>,
): { update: MetadataUpdate } | { error: string } {
  const sorted = [...new Set(tokens)].sort();
  const values: string[] = [];
  for (let i = 0; i < sorted.length; i += TOKENS_PER_KEY) {
    values.push(PREFIX + sorted.slice(i, i + TOKENS_PER_KEY).join(""));
  }
  const otherKeys = Object.keys(meta).filter((k) => !isOwnershipKey(k)).length;
  if (otherKeys + values.length > MAX_METADATA_KEYS) {
    return {
      error: `the ownership record needs ${values.length} client_metadata key(s) but only ${MAX_METADATA_KEYS - otherKeys} of ${MAX_METADATA_KEYS} are free`,
    };
  }
  const update: MetadataUpdate = {};
  values.forEach((value, i) => {
    if (meta[keyName(i)] !== value) update[keyName(i)] = value;
  });
  for (const key of Object.keys(meta)) {
    if (isOwnershipKey(key) && !values.some((_, i) => keyName(i) === key)) update[key] = null;
  }
  return { update };
}

/** `meta` with `update` applied, as Auth0 merges it. */
export function mergeMetadata(meta: Readonly<Record<string, string>>, update: MetadataUpdate): Record<string, string> {
  const out: Record<string, string> = { ...meta };
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}
