/** One page of the tenant's applications, with only the fields plan and apply read (never secrets). */
import { OBSERVED_FIELDS, type ObservedApp, toObservedApp } from "./applications-schema.js";
import type { Auth0Session } from "./session.js";

/** Auth0's largest page. */
export const PER_PAGE = 100;

export interface ListedPage {
  apps: ObservedApp[];
  /** Applications in the tenant (global client excluded), as the page's answer counts them. */
  total: number;
  /** When the request was made: everything written before then is in the page. */
  sentAt: number;
}

export async function listPage(session: Auth0Session, page: number): Promise<ListedPage> {
  const sentAt = session.options.now();
  const listed = await session.call(`list applications (page ${page})`, () =>
    session.mgmt.clients.list({
      page,
      per_page: PER_PAGE,
      include_totals: true,
      is_global: false,
      fields: OBSERVED_FIELDS,
      include_fields: true,
    }),
  );
  const apps = listed.data.map((client) => toObservedApp(client as unknown as Record<string, unknown>));
  return { apps, total: listed.response.total ?? apps.length, sentAt };
}
