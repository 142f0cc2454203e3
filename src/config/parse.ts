/**
 * Parses desired-state.yaml's text into plain data and a map back to line and column, or says why it cannot. Plain
 * YAML 1.2 only: tags and merge keys are refused rather than half-understood, and the parser prints nothing itself.
 */
import { LineCounter, parseDocument, type YAMLError } from "yaml";
import type { Diagnostic } from "../core/types.js";
import { error } from "./findings.js";
import { PositionIndex } from "./positions.js";
import { checkDocument, checkTextNesting } from "./yaml-limits.js";

export interface ParsedFile {
  data: Record<string, unknown>;
  positions: PositionIndex;
  /** The parser's warnings that are not errors here. */
  warnings: Diagnostic[];
}

const tagProblems = new Set(["TAG_RESOLVE_FAILED", "BAD_COLLECTION_TYPE"]);

export function parseYaml(text: string, file: string): ParsedFile | { diagnostics: Diagnostic[] } {
  const nesting = checkTextNesting(text, file);
  if (nesting) return { diagnostics: [nesting] };
  const lines = new LineCounter();
  // "error", not "silent": silent would also drop the error for a second document in the file.
  const options = { lineCounter: lines, prettyErrors: false, uniqueKeys: false, logLevel: "error" } as const;
  const doc = parseDocument(text, { ...options, schema: "core", merge: false, resolveKnownTags: false });
  const positions = new PositionIndex(doc, lines, file);
  const [first, ...rest] = doc.errors;
  if (first) {
    // After the first syntax error the parser's further complaints are mostly echoes of it.
    const echoes = rest.length
      ? ` (and ${rest.length} more problem${rest.length === 1 ? "" : "s"} that may follow from it)`
      : "";
    const message = `YAML syntax: ${first.message.split("\n")[0]}${echoes}`;
    const hint = "fix the YAML syntax here; quote values that contain ': ', '#', '{' or '}' in flow collections";
    return { diagnostics: [error("yaml-syntax", message, positions.at(first.pos[0]), hint)] };
  }
  const problems = [...doc.warnings.map((w) => fromWarning(w, text, positions)), ...checkDocument(doc, positions)];
  if (problems.some((d) => d.severity === "error")) return { diagnostics: problems };
  // Aliases were measured above: a value an alias repeats is shared, not copied.
  const data = doc.toJS({ maxAliasCount: -1 }) as unknown;
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    const message = "desired-state.yaml must be a mapping with version, regions, accounts and resources";
    return { diagnostics: [...problems, error("not-a-mapping", message, positions.at(0))] };
  }
  return { data: data as Record<string, unknown>, positions, warnings: problems };
}

function fromWarning(warning: YAMLError, text: string, positions: PositionIndex): Diagnostic {
  const at = positions.at(warning.pos[0]);
  if (tagProblems.has(warning.code)) {
    const tag = text.slice(warning.pos[0], warning.pos[1]);
    const hint = "remove the tag: desired-state.yaml is plain YAML, and quotes make a value a string";
    return error("yaml-tag", `YAML tag '${tag}' is not supported`, at, hint);
  }
  return { severity: "warning", code: "yaml-syntax", message: `YAML: ${warning.message.split("\n")[0]}`, at };
}
