/**
 * The read each write merges into, taken just before that write. Auth0 has no conditional writes (no ETag, If-Match
 * or version), and a PATCH replaces every list it sends, so a person's edit survives only if the read regionsync merges
 * into already holds it. Two ways (`freshReads`):
 * - `page` (the default): the listing page that held the application when observed is read again just before the
 *   writes to it, unless the application's last read is younger than `readWindowMs` (1 s). One request serves every
 *   write to that page's applications for that second; writes go in listing order (plan sorts them), so a run needs
 *   about one page read per second of writing, or one per page holding changes, whichever is more.
 * - `object`: a GET of the application right before each PATCH: a window of one round trip, one request per write.
 * An application that is no longer on its page (the tenant changed since observe), or that observe never saw (a saved
 * plan), is read with a GET.
 */
import { listPage } from "./applications-list.js";
import { OBSERVED_FIELDS, type ObservedApp, toObservedApp } from "./applications-schema.js";
import type { Auth0Session } from "./session.js";

/** Records a read of `app` made at `readAt`; `page` is the listing page it was on, when read from the listing. */
export function rememberRead(session: Auth0Session, app: ObservedApp, readAt: number, page?: number): void {
  session.reads.set(app.client_id, { app, readAt });
  if (page !== undefined) session.pages.set(app.client_id, page);
}

/** The application as it is now, read at most `readWindowMs` ago; undefined when it no longer exists. */
export async function freshRead(session: Auth0Session, clientId: string): Promise<ObservedApp | undefined> {
  const page = session.pages.get(clientId);
  if (session.options.freshReads === "page" && page !== undefined) {
    const cached = recent(session, clientId);
    if (cached) return cached;
    await readPage(session, page);
    const paged = recent(session, clientId);
    if (paged) return paged;
  }
  return readOne(session, clientId);
}

function recent(session: Auth0Session, clientId: string): ObservedApp | undefined {
  const read = session.reads.get(clientId);
  return read && session.options.now() - read.readAt <= session.options.readWindowMs ? read.app : undefined;
}

/** Reads one page again; concurrent writes to its applications share the one request. */
function readPage(session: Auth0Session, page: number): Promise<void> {
  let running = session.pageReads.get(page);
  if (!running) {
    running = listPage(session, page)
      .then((listed) => {
        // Only applications apply may write are kept; the rest of the page is dropped.
        for (const app of listed.apps) {
          if (session.pages.has(app.client_id)) rememberRead(session, app, listed.sentAt, page);
        }
      })
      .finally(() => session.pageReads.delete(page));
    session.pageReads.set(page, running);
  }
  return running;
}

async function readOne(session: Auth0Session, clientId: string): Promise<ObservedApp | undefined> {
  const readAt = session.options.now();
  try {
    const client = await session.call(`read application ${clientId}`, () =>
      session.mgmt.clients.get(clientId, { fields: OBSERVED_FIELDS, include_fields: true }),
    );
    const app = toObservedApp(client as unknown as Record<string, unknown>);
    rememberRead(session, app, readAt);
    return app;
  } catch (error) {
    if (session.statusOf(error) === 404) {
      session.reads.delete(clientId);
      return undefined;
    }
    throw error;
  }
}
