import { readFileSync } from "node:fs";

/** regionsync's version, from the package it runs from. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
