/** The sample company's next region (the sandbox's `ap`): its block and its accounts, pointed at the emulators. */

import { sampleRegions } from "../../src/cli/sample-region.js";
import { addEntry } from "../../src/config/edit.js";
import type { Vendors } from "./helpers.js";

export function openAp(text: string, vendors: Vendors): string {
  const ap = sampleRegions.ap!;
  const endpoints: Record<string, string> = {
    "auth0-ap": vendors.auth0["auth0-ap"]!.url,
    "datadog-ap": vendors.datadog["datadog-ap"]!.url,
  };
  let out = text;
  for (const [name, settings] of Object.entries(ap.accounts)) {
    const edited = addEntry(out, ["accounts"], name, { ...settings, endpoint: endpoints[name] });
    if ("error" in edited) throw new Error(edited.error);
    out = edited.text;
  }
  const edited = addEntry(out, ["regions"], "ap", ap.region);
  if ("error" in edited) throw new Error(edited.error);
  return edited.text;
}
