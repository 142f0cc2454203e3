/**
 * Observe: list the tenant's applications once, 100 a page (never one GET per application), keeping only the fields
 * plan needs and only the applications a declaration names, that carry our ownership record, or that regionsync
 * created. Read-only.
 */
import type { KindObservation } from "../../core/kind.js";
import { mapLimit } from "../../core/retry.js";
import type { Instance } from "../../core/types.js";
import { identityOf } from "./applications-desired.js";
import { ownedEntries } from "./applications-intent.js";
import {
  type ApplicationSpec,
  type Auth0State,
  OBSERVED_FIELDS,
  type ObservedApp,
  toObservedApp,
} from "./applications-schema.js";
import type { Auth0Session } from "./session.js";

const PER_PAGE = 100;

export async function observeApplications(
  session: Auth0Session,
  instances: Instance<ApplicationSpec>[],
): Promise<KindObservation<Auth0State>> {
  const wanted = new Set(instances.map(identityOf));
  const { all, pages, readAt } = await listAll(session);
  const apps = new Map<string, ObservedApp>();
  let owned = 0;
  for (const app of all) {
    const ours = ownedEntries(app);
    owned += ours;
    if (wanted.has(app.client_id) || wanted.has(app.name) || ours > 0 || app.created) {
      apps.set(app.client_id, app);
      session.reads.set(app.client_id, { app, readAt });
    }
  }
  session.relist = { pages, run: singleFlight(() => relist(session)) };
  session.logger.info("auth0 applications observed", { account: session.account, total: all.length, kept: apps.size });
  return { state: { apps: [...apps.values()], total: all.length }, owned, diagnostics: [] };
}

export async function listAll(session: Auth0Session): Promise<{ all: ObservedApp[]; pages: number; readAt: number }> {
  const listPage = (page: number) =>
    session.call(`list applications (page ${page})`, () =>
      session.mgmt.clients.list({
        page,
        per_page: PER_PAGE,
        include_totals: true,
        is_global: false,
        fields: OBSERVED_FIELDS,
        include_fields: true,
      }),
    );
  const first = await listPage(0);
  const readAt = session.options.now();
  const total = first.response.total ?? first.data.length;
  // The total is known after the first page, so the remaining pages go out in parallel and no empty page is asked for.
  const pageNumbers = Array.from({ length: Math.max(0, Math.ceil(total / PER_PAGE) - 1) }, (_, i) => i + 1);
  const rest = await mapLimit(pageNumbers, session.options.concurrency, listPage);
  const all = new Map<string, ObservedApp>();
  for (const page of [first, ...rest]) {
    for (const client of page.data) {
      const app = toObservedApp(client as unknown as Record<string, unknown>);
      // Offset paging while someone edits the tenant can repeat an application on two pages.
      if (!all.has(app.client_id)) all.set(app.client_id, app);
    }
  }
  return { all: [...all.values()], pages: 1 + pageNumbers.length, readAt };
}

/** Reads every application apply may still merge into again, in one listing instead of one GET each. */
async function relist(session: Auth0Session): Promise<void> {
  const { all, readAt } = await listAll(session);
  const listed = new Map(all.map((app) => [app.client_id, app]));
  for (const id of [...session.reads.keys()]) {
    const app = listed.get(id);
    if (app) session.reads.set(id, { app, readAt });
    else session.reads.delete(id);
  }
}

/** Concurrent callers share one run in flight. */
function singleFlight(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= fn().finally(() => {
      running = undefined;
    });
    return running;
  };
}
