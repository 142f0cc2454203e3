/**
 * Edits desired-state.yaml the way a person would: the yaml package's Document API finds where a block goes (or what
 * to take out) and renders what is new, and the text is spliced there, so every byte outside the edit (comments,
 * order, quoting, blank lines) stays exactly as it was. No I/O.
 */
import { Document, isMap, isNode, isScalar, isSeq, type Node, type Pair, parseDocument, type YAMLMap } from "yaml";

export type Edited = { text: string } | { error: string };

interface Splice {
  from: number;
  to: number;
  insert: string;
}

const lineStart = (text: string, offset: number) => text.lastIndexOf("\n", offset - 1) + 1;
const afterLine = (text: string, offset: number) => {
  const newline = text.indexOf("\n", offset);
  return newline < 0 ? text.length : newline + 1;
};

function splice(text: string, edits: Splice[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
  return out;
}

function parse(text: string): Document | { error: string } {
  const doc = parseDocument(text);
  return doc.errors.length > 0
    ? { error: `the file is not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}` }
    : doc;
}

const keyOf = (pair: Pair) => (isScalar(pair.key) ? String(pair.key.value) : undefined);

/** Renders `{ key: value }` as a block, lists of scalars in flow style as the example file writes them. */
function render(key: string, value: unknown, indent: string): string {
  const doc = new Document({ [key]: value });
  const flowLists = (node: unknown) => {
    if (isSeq(node) && node.items.every(isScalar)) node.flow = true;
    if (isMap(node) || isSeq(node))
      for (const item of node.items) flowLists(isNode(item) ? item : (item as Pair).value);
  };
  flowLists(doc.contents);
  const block = doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
  return block
    .trimEnd()
    .split("\n")
    .map((line) => indent + line)
    .join("\n")
    .concat("\n");
}

/** Adds `key: value` as the last entry of the block mapping at `path`, indented like its other entries. */
export function addEntry(text: string, path: readonly string[], key: string, value: unknown): Edited {
  const doc = parse(text);
  if ("error" in doc) return doc;
  const map = doc.getIn(path, true);
  const where = path.join(".");
  if (!isMap(map) || map.flow || map.items.length === 0) {
    return { error: `${where} is not a block mapping with entries: add '${key}' by hand` };
  }
  if (map.items.some((p) => keyOf(p) === key)) return { error: `${where}.${key} is already declared` };
  const first = map.items[0]!.key as Node;
  const last = map.items.at(-1)!;
  const start = first.range![0];
  const indent = " ".repeat(start - lineStart(text, start));
  const end = ((last.value as Node | null) ?? (last.key as Node)).range![1];
  const at = text[end - 1] === "\n" ? end : afterLine(text, end);
  const prefix = at === text.length && !text.endsWith("\n") ? "\n" : "";
  return { text: splice(text, [{ from: at, to: at, insert: prefix + render(key, value, indent) }]) };
}

/** The text range of one entry of a block mapping, whole lines. */
function pairRange(text: string, map: YAMLMap, index: number): Splice {
  const pair = map.items[index]!;
  const from = lineStart(text, (pair.key as Node).range![0]);
  const next = map.items[index + 1];
  const to = next
    ? lineStart(text, (next.key as Node).range![0])
    : afterLine(text, ((pair.value as Node | null) ?? (pair.key as Node)).range![1] - 1);
  return { from, to, insert: "" };
}

/** Removes `name` from a list, with its separator (flow) or its line (block). */
function removeItem(text: string, seq: Node & { items: unknown[]; flow?: boolean }, index: number): Splice {
  const items = seq.items as Node[];
  const item = items[index]!;
  if (seq.flow) {
    const next = items[index + 1];
    if (next) return { from: item.range![0], to: next.range![0], insert: "" };
    const previous = items[index - 1]!;
    return { from: previous.range![1], to: item.range![1], insert: "" };
  }
  const next = items[index + 1];
  return {
    from: lineStart(text, item.range![0]),
    to: next ? lineStart(text, next.range![0]) : afterLine(text, item.range![1] - 1),
    insert: "",
  };
}

/**
 * Takes a region out of the file: its block under `regions`, and its name from every declaration's `regions` and
 * `except` lists (an `except` left empty goes too). A declaration that serves only this region is an error: the
 * person decides whether it goes or serves another region.
 */
export function removeRegion(text: string, name: string): Edited {
  const doc = parse(text);
  if ("error" in doc) return doc;
  const regions = doc.getIn(["regions"], true);
  const index = isMap(regions) && !regions.flow ? regions.items.findIndex((p) => keyOf(p) === name) : -1;
  if (!isMap(regions) || index < 0) return { error: `regions.${name} is not declared (as a block mapping entry)` };
  const edits: Splice[] = [pairRange(text, regions, index)];
  const resources = doc.getIn(["resources"], true);
  for (const provider of isMap(resources) ? resources.items : []) {
    for (const kind of isMap(provider.value) ? provider.value.items : []) {
      for (const declaration of isSeq(kind.value) ? kind.value.items : []) {
        if (!isMap(declaration)) continue;
        for (const field of ["regions", "except"]) {
          const list = declaration.get(field, true);
          if (!isSeq(list)) continue;
          const at = list.items.findIndex((i) => isScalar(i) && i.value === name);
          if (at < 0) continue;
          if (list.items.length > 1) edits.push(removeItem(text, list, at));
          else if (field === "except") {
            edits.push(
              pairRange(
                text,
                declaration,
                declaration.items.findIndex((p) => keyOf(p) === "except"),
              ),
            );
          } else {
            const what = `${keyOf(provider)}.${keyOf(kind)} '${String(declaration.get("name"))}'`;
            return { error: `${what} serves only ${name}: remove it, or give it another region first` };
          }
        }
      }
    }
  }
  return { text: splice(text, edits) };
}
