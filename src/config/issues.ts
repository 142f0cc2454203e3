/** Turns zod's validation issues into diagnostics that say where, what is wrong and how to fix it. */
import type { z } from "zod";
import type { Diagnostic } from "../core/types.js";
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
    (acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : String(seg)),
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

function received(message: string): string | undefined {
  return /received (\w+)/.exec(message)?.[1];
}

export function issuesToDiagnostics(
  error: z.ZodError,
  schema: z.ZodType,
  base: Path,
  positions: PositionIndex,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of error.issues) {
    const rel = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const path = [...base, ...rel];
    const where = describePath(path) || "the file";
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(schema, rel);
      for (const key of issue.keys) {
        const close = suggest(key, allowed);
        out.push({
          severity: "error",
          message: `unknown key '${key}' in ${where}`,
          hint: close
            ? `did you mean '${close}'?`
            : `remove it; allowed keys are ${allowed.map((k) => `'${k}'`).join(", ")}`,
          at: positions.key(path, key),
        });
      }
      continue;
    }
    if (issue.code === "invalid_type" && received(issue.message) === "undefined") {
      const key = path[path.length - 1];
      out.push({
        severity: "error",
        message: `missing required key '${String(key)}' in ${describePath(path.slice(0, -1)) || "the file"}`,
        hint: `add '${String(key)}:' with ${typeName(issue.expected)}`,
        at: positions.value(path.slice(0, -1)),
      });
      continue;
    }
    if (issue.code === "invalid_value" && typeof issue.input === "string" && issue.values.length > 3) {
      const allowed = issue.values.map(String);
      const close = suggest(issue.input, allowed);
      out.push({
        severity: "error",
        message: `${where}: '${issue.input}' is not allowed`,
        hint: close ? `did you mean '${close}'?` : `use one of: ${allowed.join(", ")}`,
        at: positions.value(path),
      });
      continue;
    }
    let hint: string | undefined;
    if (issue.code === "invalid_type") hint = `write ${typeName(issue.expected)}`;
    else if (issue.code === "invalid_value")
      hint = `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    else if (issue.code === "too_small" && issue.origin === "array") hint = `list at least ${issue.minimum} item(s)`;
    else if (issue.code === "invalid_format" && issue.format === "url") hint = "write an absolute https:// URL";
    out.push({
      severity: "error",
      message: `${where}: ${issue.message.replace(/^Invalid (input|option): /, "")}`,
      hint,
      at: positions.value(path),
    });
  }
  return out;
}
