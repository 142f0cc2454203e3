/** What `regionsync import` says it did: what was templated, what was not and why, what was left out. */
import type { ImportResult, Written } from "./index.js";

const label = (w: Written) =>
  `${w.provider} ${w.kind} ${JSON.stringify(w.fields.name)}${w.regions.length ? ` (${w.regions.join(", ")})` : ""}`;

/** Every `*_env` value the declarations name: a value regionsync writes into a vendor and reads from there. */
function valueVariables(list: Written[]): string[] {
  const out: string[] = [];
  const walk = (node: unknown, w: Written) => {
    if (Array.isArray(node)) for (const v of node) walk(v, w);
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (k.endsWith("_env") && typeof v === "string") out.push(`  ${v}  (${label(w)})`);
        else walk(v, w);
      }
    }
  };
  for (const w of list) walk(w.fields, w);
  return out;
}

export function importSummary(result: ImportResult, target: string): string {
  const { written, notes, failures } = result;
  const lines = [`Imported ${written.length} declaration${written.length === 1 ? "" : "s"} into ${target}.`];
  const section = (title: string, items: string[]) => {
    if (items.length > 0) lines.push("", `${title} (${items.length}):`, ...items);
  };
  section(
    "Templates over several regions",
    written.filter((w) => w.templated).map((w) => `  ${label(w)}`),
  );
  section(
    "Templates of one region (add regions to them as you open them)",
    written.filter((w) => !w.templated && !w.reason && w.regions.length > 0).map((w) => `  ${label(w)}`),
  );
  section(
    "Written as they are",
    written.filter((w) => w.reason).map((w) => `  ${label(w)}: ${w.reason}`),
  );
  section(
    "Left out",
    notes.map((n) => `  ${n}`),
  );
  section(
    "Could not be read",
    failures.map((f) => `  ${f}`),
  );
  section("Set these variables where regionsync runs, with the values the vendor holds (it never shows them)", [
    ...new Set(valueVariables(written)),
  ]);
  const adopting = written.filter((w) => w.fields.adopt === true).length;
  if (adopting > 0) {
    lines.push(
      "",
      `${adopting} declaration${adopting === 1 ? " says" : "s say"} 'adopt: true': 'regionsync plan' shows the adoptions, and the next apply records ownership without changing any object.`,
    );
  }
  return `${lines.join("\n")}\n`;
}
