/**
 * Export for `regionsync import`: the tenant's applications (one listing, 100 a page), each cut into one slice per
 * region it serves: the URLs whose host is one of the region's hosts or below it. URLs on no region's host are
 * someone else's (a staging host, a partner, localhost): they are left out and listed, and regionsync never removes
 * them anyway.
 */
import type { ExportContext, ExportedObject, KindExport } from "../../core/kind.js";
import type { Region } from "../../core/types.js";
import { listAll } from "./applications-observe.js";
import { ownershipToken, readOwnership } from "./applications-ownership.js";
import { type ObservedApp, URL_FIELDS } from "./applications-schema.js";
import type { ManagedField } from "./applications-urls.js";
import type { Auth0Session } from "./session.js";

/** The region whose host (or a host below it) `url` is on; the longest host wins, and a tie names none. */
export function regionOfUrl(url: string, regions: readonly Region[]): Region | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  let best: { region: Region; length: number; tie: boolean } | undefined;
  for (const region of regions) {
    for (const h of region.hosts) {
      if (host !== h && !host.endsWith(`.${h}`)) continue;
      if (!best || h.length > best.length) best = { region, length: h.length, tie: false };
      else if (h.length === best.length && best.region !== region) best.tie = true;
    }
  }
  return best && !best.tie ? best.region : undefined;
}

function slices(app: ObservedApp, regions: readonly Region[]) {
  const owned = readOwnership(app.client_metadata);
  const bySlice = new Map<Region, { spec: Record<string, unknown>; owned: boolean }>();
  const leftOut: string[] = [];
  const place = (field: ManagedField, url: string) => {
    const region = regionOfUrl(url, regions);
    if (!region) return leftOut.push(`${field} ${url}`);
    const slice = bySlice.get(region) ?? { spec: {}, owned: true };
    if (field === "initiate_login_uri") slice.spec[field] = url;
    else slice.spec[field] = [...((slice.spec[field] as string[] | undefined) ?? []), url];
    slice.owned &&= owned.has(ownershipToken(field, url));
    bySlice.set(region, slice);
  };
  for (const field of URL_FIELDS) for (const url of app[field]) place(field, url);
  if (app.initiate_login_uri) place("initiate_login_uri", app.initiate_login_uri);
  return { bySlice, leftOut };
}

export async function exportApplications(session: Auth0Session, ctx: ExportContext): Promise<KindExport> {
  const { all } = await listAll(session);
  const objects: ExportedObject[] = [];
  const notes: string[] = [];
  for (const app of [...all].sort((a, b) => (a.client_id < b.client_id ? -1 : 1))) {
    const { bySlice, leftOut } = slices(app, ctx.regions);
    const what = `application "${app.name}" (${app.client_id})`;
    if (bySlice.size === 0) {
      notes.push(`${what}: not imported, none of its URLs is on a region's host`);
      continue;
    }
    if (leftOut.length > 0) notes.push(`${what}: left out, on no region's host: ${leftOut.join(", ")}`);
    for (const [region, slice] of bySlice) {
      objects.push({
        name: app.name,
        object: app.client_id,
        region: region.name,
        spec: slice.spec,
        pin: { client_id: app.client_id },
        owned: slice.owned,
      });
    }
  }
  return { objects, notes };
}
