/**
 * Parses desired-state.yaml's text into plain data and a map back to line and column, or says why it cannot. Plain
 * YAML 1.2 only: tags and merge keys are refused rather than half-understood, and the parser prints nothing itself.
 */
import { LineCounter, parseDocument, type YAMLError } from "yaml";
import type { Diagnostic } from "../core/types.js";
import { error } from "./findings.js";
import { PositionIndex } from "./positions.js";
import { checkDocument, checkTextNesting, maxDepth, tooDeep } from "./yaml-limits.js";

export interface ParsedFile {
  data: Record<string, unknown>;
  positions: PositionIndex;
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
  if (first) return { diagnostics: [syntaxError(first, rest.length, positions)] };
  const problems = [...doc.warnings.map((w) => fromWarning(w, text, positions)), ...checkDocument(doc, positions)];
  if (problems.some((d) => d.severity === "error")) return { diagnostics: problems };
  // Aliases were measured above: a value an alias repeats is shared, not copied.
  const data = doc.toJS({ maxAliasCount: -1 }) as unknown;
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    const message = "desired-state.yaml must be a mapping with version, regions, accounts and resources";
    return { diagnostics: [...problems, error("not-a-mapping", message, positions.at(0))] };
  }
  return { data: data as Record<string, unknown>, positions };
}

function syntaxError(first: YAMLError, more: number, positions: PositionIndex): Diagnostic {
  const at = positions.at(first.pos[0]);
  // The parser runs out of stack on deep nesting, which the limits below would have refused.
  if (first.code === "RESOURCE_EXHAUSTION") return tooDeep(`collections are nested more than ${maxDepth} deep`, at);
  // After the first syntax error the parser's further complaints are mostly echoes of it.
  const echoes = more ? ` (and ${more} more problem${more === 1 ? "" : "s"} that may follow from it)` : "";
  const hint =
    first.code === "DUPLICATE_KEY"
      ? "remove one of the duplicate keys"
      : "fix the YAML syntax here; quote values that contain ': ', '#', '{' or '}' in flow collections";
  return error("yaml-syntax", `YAML syntax: ${first.message.split("\n")[0]}${echoes}`, at, hint);
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
