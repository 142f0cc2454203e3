/** Turns zod's validation issues into diagnostics that say where, what is wrong and how to fix it. */
import type { z } from "zod";
import type { CoreCode } from "../core/codes.js";
import { isOutputRef } from "../core/outputs.js";
import { error, type Finding, shown, subjectAt } from "./findings.js";
import type { Path, PositionIndex } from "./positions.js";

interface ZodDefLike {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType): ZodDefLike => (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;

/** The object keys the schema allows at `path`, for "did you mean" hints. */
export function allowedKeysAt(schema: z.ZodType, path: Path): string[] {
  let current: z.ZodType | undefined = schema;
  const unwrap = () => {
    for (let d = current && defOf(current); d && (d.innerType || d.type === "pipe"); d = current && defOf(current)) {
      current = d.innerType ?? d.in;
    }
  };
  for (const segment of path) {
    unwrap();
    if (!current) return [];
    const def = defOf(current);
    if (def.type === "object") current = def.shape?.[String(segment)];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else return [];
  }
  unwrap();
  if (!current) return [];
  const def = defOf(current);
  return def.type === "object" ? Object.keys(def.shape ?? {}) : [];
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The closest candidate, when it is close enough to be a typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const tolerance = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= tolerance ? best : undefined;
}

export function describePath(path: Path): string {
  return path.reduce<string>(
    (acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${shown(seg)}` : shown(seg)),
    "",
  );
}

const typeNames: Record<string, string> = {
  record: "a mapping",
  object: "a mapping",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
};

const typeName = (expected: string) => typeNames[expected] ?? expected;

const sections = new Set(["record", "object", "array"]);

/** The code of a zod issue: `unknown-key`, `missing-key`, `not-a-mapping`, a refinement's own, or `invalid-value`. */
function codeOf(issue: z.core.$ZodIssue): CoreCode {
  if (issue.code === "unrecognized_keys") return "unknown-key";
  if (issue.code === "custom" && issue.params?.code) return issue.params.code as CoreCode;
  if (issue.code === "invalid_type") {
    // Issues are made with `reportInput`, so a missing value shows as an undefined input.
    if (issue.input === undefined) return "missing-key";
    if (sections.has(issue.expected)) return "not-a-mapping";
  }
  return "invalid-value";
}

/** The subject of an issue: the value's path, and the value when it is a scalar (region copies may differ in it). */
function subjectOf(path: Path, input: unknown): string {
  return input !== null && typeof input === "object" ? subjectAt(path) : subjectAt([...path, String(input)]);
}

export function issuesToFindings(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  base: Path,
  positions: PositionIndex,
): Finding[] {
  const out: Finding[] = [];
  for (const issue of issues) {
    const rel = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const path = [...base, ...rel];
    const where = describePath(path) || "the file";
    const code = codeOf(issue);
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(schema, rel);
      for (const key of issue.keys) {
        const close = suggest(key, allowed);
        const hint = close
          ? `did you mean '${close}'?`
          : `remove it; allowed keys are ${allowed.map((k) => `'${k}'`).join(", ")}`;
        out.push({
          diagnostic: error(code, `unknown key '${shown(key)}' in ${where}`, positions.key(path, key), hint),
          subject: subjectAt([...path, key]),
        });
      }
      continue;
    }
    if (code === "missing-key" && issue.code === "invalid_type") {
      const key = String(path[path.length - 1]);
      const message = `missing required key '${key}' in ${describePath(path.slice(0, -1)) || "the file"}`;
      const hint = `add '${key}:' with ${typeName(issue.expected)}`;
      out.push({
        diagnostic: error(code, message, positions.value(path.slice(0, -1)), hint),
        subject: subjectAt(path),
      });
      continue;
    }
    const at = positions.value(path);
    const subject = subjectOf(path, issue.input);
    if (issue.code === "invalid_type" && isOutputRef(issue.input)) {
      const message = `${where}: this field does not take another declaration's output (${issue.input.from} ${issue.input.output})`;
      const hint =
        "write the value out; outputs go where a kind takes them, such as GitHub environment variables and secrets";
      out.push({ diagnostic: error("unknown-reference", message, at, hint), subject });
      continue;
    }
    if (issue.code === "invalid_value" && typeof issue.input === "string" && issue.values.length > 3) {
      const allowed = issue.values.map(String);
      const close = suggest(issue.input, allowed);
      const hint = close ? `did you mean '${close}'?` : `use one of: ${allowed.join(", ")}`;
      out.push({ diagnostic: error(code, `${where}: '${shown(issue.input)}' is not allowed`, at, hint), subject });
      continue;
    }
    let hint: string | undefined;
    if (issue.code === "invalid_type") hint = `write ${typeName(issue.expected)}`;
    else if (issue.code === "invalid_value")
      hint = `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    else if (issue.code === "too_small" && issue.origin === "array") hint = `list at least ${issue.minimum} item(s)`;
    else if (issue.code === "invalid_format" && issue.format === "url") hint = "write an absolute https:// URL";
    else if (issue.code === "custom") hint = issue.params?.hint;
    const message = `${where}: ${issue.message.replace(/^Invalid (input|option): /, "")}`;
    out.push({ diagnostic: error(code, message, at, hint), subject });
  }
  return out;
}
