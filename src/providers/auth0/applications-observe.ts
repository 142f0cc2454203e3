/**
 * Observe: list the tenant's applications, 100 a page (never one GET per application), keeping only the applications
 * a declaration names, that carry our ownership record or that regionsync created, and only the fields plan needs.
 * Pages are handled as they arrive and dropped, so a tenant of 16,000 applications costs no more memory than the few
 * it keeps. Read-only.
 */
import type { KindObservation } from "../../core/kind.js";
import { mapLimit } from "../../core/retry.js";
import type { Instance } from "../../core/types.js";
import { identityOf } from "./applications-desired.js";
import { ownedEntries } from "./applications-intent.js";
import { type ListedPage, listPage, PER_PAGE } from "./applications-list.js";
import { rememberRead } from "./applications-reads.js";
import type { ApplicationSpec, Auth0State, ObservedApp } from "./applications-schema.js";
import type { Auth0Session } from "./session.js";

export async function observeApplications(
  session: Auth0Session,
  instances: Instance<ApplicationSpec>[],
): Promise<KindObservation<Auth0State>> {
  const wanted = new Set(instances.map(identityOf));
  const kept: ObservedApp[][] = [];
  const seen = new Set<string>();
  let owned = 0;
  const keep = (page: number, listed: ListedPage) => {
    const mine: ObservedApp[] = [];
    for (const app of listed.apps) {
      const ours = ownedEntries(app);
      // Offset paging while someone edits the tenant can repeat an application on two pages.
      const ofInterest = wanted.has(app.client_id) || wanted.has(app.name) || ours > 0 || app.created;
      if (seen.has(app.client_id) || !ofInterest) continue;
      seen.add(app.client_id);
      owned += ours;
      mine.push(app);
      rememberRead(session, app, listed.sentAt, page);
    }
    kept[page] = mine;
  };
  const total = await eachPage(session, keep);
  // Listing order, so plan can order writes page by page and apply reads each page once just before its writes.
  const apps = kept.flat();
  session.logger.info("auth0 applications observed", { account: session.account, total, kept: apps.length });
  return { state: { apps, total }, owned, diagnostics: [] };
}

/**
 * Lists every page, handing each to `handle` as it arrives; returns the tenant's total. The total is known after the
 * first page, so the remaining pages go out in parallel and no empty page is asked for.
 */
async function eachPage(session: Auth0Session, handle: (page: number, listed: ListedPage) => void): Promise<number> {
  const first = await listPage(session, 0);
  handle(0, first);
  const rest = Array.from({ length: Math.max(1, Math.ceil(first.total / PER_PAGE)) - 1 }, (_, i) => i + 1);
  await mapLimit(rest, session.options.concurrency, async (page) => handle(page, await listPage(session, page)));
  return first.total;
}

/** The tenant's applications that `keep` accepts (all by default), read page by page. */
export async function listAll(
  session: Auth0Session,
  keep: (app: ObservedApp) => boolean = () => true,
): Promise<{ all: ObservedApp[] }> {
  const all = new Map<string, ObservedApp>();
  await eachPage(session, (_page, listed) => {
    for (const app of listed.apps) if (keep(app) && !all.has(app.client_id)) all.set(app.client_id, app);
  });
  return { all: [...all.values()] };
}
