/**
 * The repository's desired-state.yaml with every account pointed at an emulator. Datadog's accounts and resources are
 * kept only when `endpoints` names both Datadog accounts, so a test of the other vendors never reaches Datadog itself.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { rootFile } from "./helpers.js";

export async function canaryFile(dir: string, endpoints: Record<string, string>): Promise<string> {
  const doc = parseDocument(await readFile(rootFile, "utf8"));
  if (!endpoints["datadog-us"] || !endpoints["datadog-eu"]) {
    for (const region of ["us", "eu"]) doc.deleteIn(["regions", region, "accounts", "datadog"]);
    for (const account of ["datadog-us", "datadog-eu"]) doc.deleteIn(["accounts", account]);
    doc.deleteIn(["resources", "datadog"]);
  }
  for (const [account, url] of Object.entries(endpoints)) doc.setIn(["accounts", account, "endpoint"], url);
  const file = join(dir, "desired-state.yaml");
  await writeFile(file, doc.toString());
  return file;
}
