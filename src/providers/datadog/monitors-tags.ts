/**
 * A monitor's tags are shared, like an Auth0 application's URL lists: people add tags to monitors regionsync owns
 * (`team:`, `slo:`, a muting tag), and those survive every write. regionsync removes only tags it set itself and no
 * longer declares.
 *
 * Which declared tags regionsync set is recorded in the monitor itself, beside its ownership tags: the tag
 * `regionsync-tags:1<tokens>` (version 1; more tokens spill into `regionsync-tags-2:1…`, `-3:`), each token 6 base32
 * characters (30 bits) of sha256 of the tag, sorted. A monitor regionsync claims no tag on still carries the record. Datadog lower-cases tags, so the alphabet is lower-case. A tag counts as
 * regionsync's only while it is on the monitor and its token is recorded; a tag a person added before regionsync would
 * have added it is never claimed (as for Auth0 URLs). A monitor without a record (made before records existed) counts
 * the declared tags it carries as regionsync's.
 */
import { createHash } from "node:crypto";

/** Marks monitors regionsync created; only these are ever updated or deleted. */
export const OWNER_TAG = "managed-by:regionsync";

/** Lower-cased, de-duplicated and sorted, the way Datadog stores tags. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()))].sort();
}

const RECORD_KEY = "regionsync-tags";
const VERSION = "1";
const TOKEN_LENGTH = 6;
const MAX_TAG_LENGTH = 200;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** Tags regionsync writes on every owned monitor (ownership, account, source, region, the record). */
export const isRegionsyncTag = (tag: string) => tag === OWNER_TAG || tag.startsWith("regionsync-");

const recordKey = (index: number) => (index === 0 ? RECORD_KEY : `${RECORD_KEY}-${index + 1}`);
export const isRecordTag = (tag: string) => /^regionsync-tags(-\d+)?:1/.test(tag);

export function tagToken(tag: string): string {
  const bits = createHash("sha256").update(tag).digest().readUInt32BE(0) >>> 2;
  return Array.from({ length: TOKEN_LENGTH }, (_, i) => ALPHABET[(bits >>> (5 * (TOKEN_LENGTH - 1 - i))) & 31]).join(
    "",
  );
}

/** The record tags for these claimed tags: at least one, so "none claimed" is recorded too. */
export function recordTags(claimed: readonly string[]): string[] {
  const tokens = [...new Set(claimed.map(tagToken))].sort();
  const tags: string[] = [];
  for (let index = 0; index === 0 || tokens.length > 0; index++) {
    const key = `${recordKey(index)}:${VERSION}`;
    const room = Math.floor((MAX_TAG_LENGTH - key.length) / TOKEN_LENGTH);
    tags.push(key + tokens.splice(0, room).join(""));
  }
  return tags;
}

/** The recorded tokens, or undefined when the monitor has no record. */
function readRecord(tags: readonly string[]): Set<string> | undefined {
  const records = tags.filter(isRecordTag);
  if (records.length === 0) return undefined;
  const tokens = new Set<string>();
  for (const record of records) {
    const value = record.slice(record.indexOf(":") + 1 + VERSION.length);
    for (let i = 0; i + TOKEN_LENGTH <= value.length; i += TOKEN_LENGTH) tokens.add(value.slice(i, i + TOKEN_LENGTH));
  }
  return tokens;
}

/**
 * The tags to write: regionsync's own (`ownership`), the declared ones, every tag a person added, and the record of
 * the declared tags regionsync set. `current` is what the monitor carries now (empty for a new monitor).
 */
export function sharedTags(current: readonly string[], declared: readonly string[], ownership: readonly string[]) {
  const present = normaliseTags(current);
  const wanted = normaliseTags(declared);
  const record = readRecord(present);
  const others = present.filter((t) => !isRegionsyncTag(t));
  const ours = new Set(others.filter((t) => (record ? record.has(tagToken(t)) : wanted.includes(t))));
  const byHand = others.filter((t) => !ours.has(t));
  // A declared tag is regionsync's if it set it earlier, or sets it now; one a person added first stays theirs.
  const claimed = wanted.filter((t) => ours.has(t) || !present.includes(t));
  return normaliseTags([...ownership, ...wanted, ...byHand, ...recordTags(claimed)]);
}
