/**
 * Apply one change: merge its intent into a read taken just before the write (applications-reads.ts), PATCH only the
 * fields that change, and check the PATCH response.
 */
import type { ApplyOutcome, TypedChange } from "../../core/kind.js";
import { applyIntent, type Intent, type PatchBody } from "./applications-intent.js";
import { freshRead, rememberRead } from "./applications-reads.js";
import { MAX_URLS_PER_LIST, type ObservedApp, toObservedApp, URL_FIELDS } from "./applications-schema.js";
import type { Auth0Session } from "./session.js";

export async function applyApplication(session: Auth0Session, change: TypedChange<Intent>): Promise<ApplyOutcome> {
  const intent = change.payload;
  const label = `application '${intent.name}' (${intent.clientId}) in account '${session.account}'`;
  const gone = () =>
    new Error(`${label} no longer exists: it was deleted after the plan was made. Nothing was written; plan again.`);
  const outcome = (message: string): ApplyOutcome => ({ message, ref: intent.clientId });
  const vendor = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw session.statusOf(error) === 404 ? gone() : new Error(`${label}: ${session.describe(error)}`);
    }
  };
  const app = await vendor(() => freshRead(session, intent.clientId));
  if (!app) throw gone();
  const merged = applyIntent(app, intent);
  if (merged.problems.length > 0) throw new Error(`${label}: ${merged.problems.join("; ")}. Nothing was written.`);
  if (Object.keys(merged.body).length === 0) return outcome(`${label} is already up to date`);
  const sentAt = session.options.now();
  const response = await vendor(() =>
    session.call(`update ${label}`, () => session.mgmt.clients.update(intent.clientId, merged.body)),
  );
  const after = toObservedApp(response as unknown as Record<string, unknown>);
  rememberRead(session, after, sentAt);
  const mismatch = verify(merged.body, after);
  if (mismatch) throw new Error(`${label}: Auth0 answered the update without ${mismatch}`);
  return outcome(`${label}: ${summary(merged)}`);
}

/** The first field the response does not hold as sent, or undefined when the write took. */
function verify(body: PatchBody, after: ObservedApp): string | undefined {
  for (const field of URL_FIELDS) {
    const sent = body[field];
    if (sent && !sameSet(sent, after[field])) return `the ${field} it was sent`;
  }
  if (body.initiate_login_uri !== undefined && after.initiate_login_uri !== body.initiate_login_uri) {
    return "the initiate_login_uri it was sent";
  }
  for (const [key, value] of Object.entries(body.client_metadata ?? {})) {
    if ((after.client_metadata[key] ?? null) !== value) return `the client_metadata.${key} it was sent`;
  }
  return undefined;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((u) => b.includes(u));

function summary(merged: ReturnType<typeof applyIntent>): string {
  const count = (lists: Partial<Record<string, string[]>>) =>
    Object.values(lists).reduce((n, l) => n + (l?.length ?? 0), 0);
  const parts = [`added ${count(merged.added)} URL(s)`, `removed ${count(merged.removed)}`];
  if (merged.login) parts.push(`initiate_login_uri set to '${merged.login.after}'`);
  const largest = Math.max(...URL_FIELDS.map((f) => merged.next[f].length));
  if (largest > MAX_URLS_PER_LIST * 0.9) parts.push(`a list holds ${largest} of ${MAX_URLS_PER_LIST} URLs`);
  return parts.join(", ");
}
