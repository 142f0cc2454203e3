/** The repository's desired-state.yaml without Datadog, every account pointed at an emulator. */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { rootFile } from "./helpers.js";

export async function canaryFile(dir: string, endpoints: Record<string, string>): Promise<string> {
  const doc = parseDocument(await readFile(rootFile, "utf8"));
  for (const region of ["us", "eu"]) doc.deleteIn(["regions", region, "accounts", "datadog"]);
  for (const account of ["datadog-us", "datadog-eu"]) doc.deleteIn(["accounts", account]);
  doc.deleteIn(["resources", "datadog"]);
  for (const [account, url] of Object.entries(endpoints)) doc.setIn(["accounts", account, "endpoint"], url);
  const file = join(dir, "desired-state.yaml");
  await writeFile(file, doc.toString());
  return file;
}
