/**
 * The sandbox's sample company is the one the root desired-state.yaml describes. Emulators seed from that file (read
 * as plain YAML; nothing from src/), filling in its `${region.*}` placeholders the way the file's reference says.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The first folder at or above this module that holds `name`; works from `emulators/` and `dist/emulators/`. */
export function findUp(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      readFileSync(join(dir, name));
      return join(dir, name);
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error(`${name} not found above the emulators`);
}

export function readSampleDesiredState(): string {
  return readFileSync(findUp("desired-state.yaml"), "utf8");
}

/** Whether a declaration of the sample file serves `region`: its list, or `regions: all` minus `except`. */
export function serves(decl: { regions?: string[] | "all"; except?: string[] }, region: string): boolean {
  return decl.regions === "all" ? !decl.except?.includes(region) : (decl.regions?.includes(region) ?? false);
}

export interface SampleRegion {
  hosts: string[];
  cloud_region: string;
  paging?: string[];
  values?: Record<string, string>;
}

/** `value` with every region placeholder filled in for region `name`. */
export function expandForRegion<T>(value: T, name: string, region: SampleRegion): T {
  if (typeof value === "string") {
    return value
      .replaceAll("${region.name}", name)
      .replaceAll("${region.hosts}", region.hosts.join(","))
      .replaceAll("${region.host}", region.hosts[0] ?? "")
      .replaceAll("${region.cloud_region}", region.cloud_region)
      .replaceAll("${region.paging}", (region.paging ?? []).join(" "))
      .replace(/\$\{region\.values\.([A-Za-z0-9_]+)\}/g, (_m, k: string) => region.values?.[k] ?? "") as T;
  }
  if (Array.isArray(value)) return value.map((v) => expandForRegion(v, name, region)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandForRegion(v, name, region)])) as T;
  }
  return value;
}

/**
 * The sample company's Storefront applications, with fixed ids: the US deploy environment already holds the US one's
 * client id and secret, as regionsync would have written them.
 */
export const sampleStorefronts: Record<string, { client_id: string; client_secret: string }> = {
  "auth0-us": { client_id: "sampleStorefrontUsClient000000001", client_secret: "sample-us-storefront-client-secret" },
  "auth0-eu": { client_id: "sampleStorefrontEuClient000000001", client_secret: "sample-eu-storefront-client-secret" },
};

interface SampleDoc {
  regions: Record<string, { accounts?: Record<string, string> }>;
  accounts: Record<string, { domain?: string }>;
}

/**
 * A value of the sample file as the region's vendors hold it: an output reference to the region's Storefront
 * (`${auth0.applications.Storefront.client_id}` or `{ from, output }`) becomes the sample application's value.
 */
export function sampleValue(value: unknown, region: string, doc: SampleDoc): string | undefined {
  const ref =
    typeof value === "string"
      ? /^\$\{auth0\.applications\.Storefront\.([a-z_]+)\}$/.exec(value)?.[1]
      : value && typeof value === "object" && (value as { from?: unknown }).from === "auth0/applications/Storefront"
        ? String((value as { output?: unknown }).output)
        : undefined;
  if (ref === undefined) return typeof value === "string" ? value : undefined;
  const account = doc.regions[region]?.accounts?.auth0 ?? "";
  if (ref === "domain") return doc.accounts[account]?.domain;
  return sampleStorefronts[account]?.[ref as "client_id" | "client_secret"];
}
