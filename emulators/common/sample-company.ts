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
