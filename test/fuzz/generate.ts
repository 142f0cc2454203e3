/**
 * Seeded mutations of valid desired-state.yaml documents, for the fuzzer (test/fuzz/fuzz.test.ts) and its benchmark
 * (bench/fuzz.ts). `documentFor(seed)` is a pure function of the seed and the base documents, so a failure is replayed
 * from the seed its report prints. Each document takes one to three mutations: structural ones edit the parsed data
 * (keys, types, names, URLs, CIDRs, sizes) and write it back as YAML; YAML-level ones edit the text (aliases, tags,
 * merge keys, nesting, control characters, truncation, broken syntax).
 */
import { Document, parseDocument } from "yaml";

/** mulberry32: small, fast, and the same sequence on every platform for a seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
type Data = Record<string, unknown>;
type Path = (string | number)[];

const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, list: readonly T[]): T => list[int(r, list.length)]!;

/** Every path in `data` to a value (mappings, sequences and scalars alike), down to a depth a mutation made deep. */
function paths(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== "object" || at.length > 40) return [at];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...entries.flatMap(([k, v]) => paths(v, [...at, k]))];
}

function parentOf(data: Data, path: Path): { parent: Record<string | number, unknown>; key: string | number } {
  let parent = data as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  return { parent, key: path[path.length - 1]! };
}

/** A value anywhere below the root, by its parent and key. */
const anyValue = (data: Data, r: Rand) =>
  parentOf(
    data,
    pick(
      r,
      paths(data).filter((p) => p.length > 0),
    ),
  );

const HOSTILE_URLS = [
  "http://127.0.0.1:9/",
  "http://169.254.169.254/latest/meta-data/",
  "https://evil.example.net/collect",
  "javascript:alert(1)",
  "file:///etc/passwd",
  "http://[::1",
  "https://user:pass@api.github.com.evil.example/",
  "https://api.github.com/../../hooks",
  "//no-scheme.example.com",
  "https://%00.example.com",
  "",
];
const BAD_CIDRS = ["10.0.0.0/33", "300.1.1.1/8", "::/129", "10.0.0.1/8", "10.0.0.0/-1", "fe80::/64/1", "10/8"];
const BAD_NAMES = ["..", "../..", ".", "a/b", "a\\b", "%2e%2e", "name\u0000nul", "tab\there", "line\nbreak", "\u202e"];
const CONTROL = ["\u0000", "\u0007", "\u001b[31m", "\r", "\u0085", "\u2028", "\ufeff", "\ud800", "\u007f"];

function wrongValue(r: Rand): unknown {
  return pick(r, [
    () => int(r, 2 ** 31) - 2 ** 30,
    () => r() < 0.5,
    () => null,
    () => [],
    () => ({}),
    () => Number.POSITIVE_INFINITY,
    () => -0,
    () => "",
    () => "x".repeat(int(r, 300)),
    () => ({ unexpected: [1, { deeper: true }] }),
    () => [pick(r, HOSTILE_URLS), pick(r, BAD_CIDRS)],
  ])();
}

function nested(r: Rand): unknown {
  let value: unknown = "bottom";
  // Around the loader's limits (64 collections, 256 brackets), and past them.
  for (let depth = pick(r, [20, 63, 64, 65, 100, 255, 256, 257, 600]); depth > 0; depth--)
    value = r() < 0.5 ? [value] : { k: value };
  return value;
}

/** Structural mutations: each edits the parsed data in place. */
const structural: Array<(data: Data, r: Rand) => void> = [
  function removeKey(data, r) {
    const { parent, key } = anyValue(data, r);
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  },
  function wrongType(data, r) {
    const { parent, key } = anyValue(data, r);
    parent[key] = wrongValue(r);
  },
  function unknownKey(data, r) {
    const maps = paths(data).filter((p) => {
      const v = p.reduce<unknown>((o, k) => (o as Data)[k], data);
      return v !== null && typeof v === "object" && !Array.isArray(v);
    });
    const target = pick(r, maps).reduce<unknown>((o, k) => (o as Data)[k], data) as Data;
    target[pick(r, ["callbaks", "__proto__", "constructor", "toString", "x-unknown", "endpoint", "api_url"])] =
      wrongValue(r);
  },
  function deepNesting(data, r) {
    const { parent, key } = anyValue(data, r);
    parent[key] = nested(r);
  },
  function hugeScalar(data, r) {
    const { parent, key } = anyValue(data, r);
    parent[key] = pick(r, ["a", "é", "${region.host}", "🙂", " "]).repeat(1 + int(r, r() < 0.03 ? 1_200_000 : 20_000));
  },
  function scalarEdit(data, r) {
    const strings = paths(data).filter((p) => typeof p.reduce<unknown>((o, k) => (o as Data)[k], data) === "string");
    if (strings.length === 0) return;
    const { parent, key } = parentOf(data, pick(r, strings));
    const value = String(parent[key]);
    parent[key] = pick(r, [
      () => `${value}${pick(r, CONTROL)}`,
      () => pick(r, HOSTILE_URLS),
      () => pick(r, BAD_CIDRS),
      () => pick(r, BAD_NAMES),
      () =>
        value.replace(/\$\{[^}]*\}/, pick(r, ["${region.nope}", "${", "${region.host", "$${x}", "${region.values}"])),
      () => value.replace("https://", "http://"),
    ])();
  },
  function duplicateItem(data, r) {
    const lists = paths(data).filter((p) => Array.isArray(p.reduce<unknown>((o, k) => (o as Data)[k], data)));
    if (lists.length === 0) return;
    const list = pick(r, lists).reduce<unknown>((o, k) => (o as Data)[k], data) as unknown[];
    if (list.length > 0) list.push(structuredClone(list[int(r, list.length)]));
  },
];

const TAGS = ["!!binary", "!custom", "!!js/function", "!!python/object", "!!set", "!!omap", "!<tag:x>", "!!str", "!"];

function laughs(r: Rand): string {
  const levels = 3 + int(r, 8);
  const rows = Array.from({ length: levels }, (_, i) =>
    i === 0 ? "l0: &l0 [x, x, x, x, x, x, x, x, x]" : `l${i}: &l${i} [${`*l${i - 1}, `.repeat(9)}*l${i - 1}]`,
  );
  return `${rows.join("\n")}\n`;
}

/** YAML-level mutations: each edits the text. */
const textual: Array<(text: string, r: Rand) => string> = [
  (t, r) => t.slice(0, int(r, t.length)),
  (t, r) => {
    const at = int(r, t.length);
    return `${t.slice(0, at)}${pick(r, [...CONTROL, "\t", ": ", "{", "[", "]", "}", "&a ", "*a", "*undefined", "#", "'", '"', "%YAML 1.1\n", "---\n", "...\n", "? "])}${t.slice(at)}`;
  },
  (t, r) => {
    const lines = t.split("\n");
    const i = int(r, lines.length);
    const line = lines[i] ?? "";
    const edits = [
      () => lines.splice(i, 1),
      () => lines.splice(i, 0, line),
      () => (lines[i] = ` ${line}`),
      () => (lines[i] = line.replace(/^\s+/, "")),
      () => (lines[i] = line.replace(/: (.+)$/, `: ${pick(r, TAGS)} $1`)),
      () => (lines[i] = line.replace(/: (.+)$/, ": &anchor $1")),
      () => (lines[i] = line.replace(/: (.+)$/, ": *anchor")),
      () => lines.splice(i, 0, `${line.match(/^\s*/)?.[0] ?? ""}<<: *base`),
      () => lines.splice(i, 0, `${line.match(/^\s*/)?.[0] ?? ""}<<: {extra: 1}`),
    ];
    pick(r, edits)();
    return lines.join("\n");
  },
  (t, r) => `${laughs(r)}${t}`,
  (t, r) => `${t}\n${pick(r, ["---\nversion: 2\n", "x: &x [*x]\n", `bomb: ${"[".repeat(int(r, 100_000))}\n`])}`,
  (t, r) => {
    const lines = t.split("\n");
    const i = int(r, lines.length);
    lines.splice(i, 0, `${" ".repeat(int(r, 6))}${"- ".repeat(1 + int(r, 3000))}x`);
    return lines.join("\n");
  },
  (t, r) => {
    // A byte flipped at random, as a corrupted upload would.
    const bytes = Buffer.from(t, "utf8");
    if (bytes.length > 0) bytes[int(r, bytes.length)] = int(r, 256);
    return bytes.toString("utf8");
  },
];

/** The bases' data, parsed once: parsing is most of a document's generation otherwise. */
const parsedBases = new Map<string, Data>();

/** The document for `seed`: one of `bases`, with one to three mutations. */
export function documentFor(seed: number, bases: readonly string[]): { text: string; mutations: string[] } {
  const r = rng(seed);
  let text = pick(r, bases);
  if (!parsedBases.has(text)) {
    const data = dataOf(text);
    if (data) parsedBases.set(text, data);
  }
  const mutations: string[] = [];
  for (let n = 1 + int(r, 3); n > 0; n--) {
    const data = r() < 0.55 ? dataOf(text) : undefined;
    if (data) {
      const index = int(r, structural.length);
      structural[index]!(data, r);
      mutations.push(structural[index]!.name);
      text = toYaml(data, r);
    } else {
      const index = int(r, textual.length);
      text = textual[index]!(text, r);
      mutations.push(`text#${index}`);
    }
  }
  return { text, mutations };
}

/** The text's data when it is a mapping the parser reads without complaint (an earlier mutation may have broken it). */
function dataOf(text: string): Data | undefined {
  const base = parsedBases.get(text);
  if (base) return structuredClone(base);
  try {
    const doc = parseDocument(text, { logLevel: "error" });
    const data = doc.errors.length === 0 ? (doc.toJS({ maxAliasCount: 100 }) as unknown) : undefined;
    if (data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
    // Throws on the cycles a self-referring alias makes, which only the text mutations handle.
    JSON.stringify(data);
    return data as Data;
  } catch {
    return undefined;
  }
}

/** YAML out, block or flow style, or JSON (which is YAML too). */
function toYaml(data: unknown, r: Rand): string {
  const style = int(r, 3);
  const json = JSON.stringify(data, null, int(r, 3));
  if (style === 2) return json;
  try {
    return new Document(data).toString({ collectionStyle: style === 0 ? "block" : "flow", lineWidth: 0 });
  } catch {
    // The YAML writer recurses, and a deeply nested mutation can exhaust its stack: JSON is YAML as well.
    return json;
  }
}
