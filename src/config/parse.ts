/** Parses desired-state.yaml's text into plain data and a map back to line and column, or says why it cannot. */
import { LineCounter, parseDocument } from "yaml";
import type { Diagnostic } from "../core/types.js";
import { error } from "./findings.js";
import { PositionIndex } from "./positions.js";

export interface ParsedFile {
  data: Record<string, unknown>;
  positions: PositionIndex;
}

export function parseYaml(text: string, file: string): ParsedFile | { diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const positions = new PositionIndex(doc, lines, file);
  const [first, ...rest] = doc.errors;
  if (first) {
    // After the first syntax error the parser's further complaints are mostly echoes of it.
    const more = rest.length
      ? ` (and ${rest.length} more problem${rest.length === 1 ? "" : "s"} that may follow from it)`
      : "";
    const hint =
      first.code === "DUPLICATE_KEY"
        ? "remove one of the duplicate keys"
        : "fix the YAML syntax here; quote values that contain ': ', '#', '{' or '}' in flow collections";
    const message = `YAML syntax: ${first.message.split("\n")[0]}${more}`;
    return { diagnostics: [error("yaml-syntax", message, positions.at(first.pos[0]), hint)] };
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    const message = "desired-state.yaml must be a mapping with version, regions, accounts and resources";
    return { diagnostics: [error("not-a-mapping", message, positions.at(0))] };
  }
  return { data: data as Record<string, unknown>, positions };
}
