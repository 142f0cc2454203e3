/**
 * Adding list items to desired-state.yaml while keeping everything else byte for byte: the new text is spliced in
 * after the list (or the mapping that will hold it), so comments, quoting and layout stay as their author wrote them.
 * Only a shape that cannot take a block list (a flow collection, an empty value) is rewritten through the yaml
 * Document API, which keeps comments but not every space.
 */
import { Document, isCollection, isMap, isScalar, isSeq, type Node, parseDocument, visit } from "yaml";

/** Short lists of scalars are written `[a, b]`, as people write `regions: [us, eu]`. */
const FLOW_WIDTH = 60;

/** `value` as block YAML, each line indented by `indent` spaces. Deterministic: the same value, the same text. */
export function yamlBlock(value: unknown, indent: number): string {
  const doc = new Document(value);
  visit(doc, {
    Seq(_, seq) {
      const scalars = seq.items.every((i) => isScalar(i));
      if (scalars && JSON.stringify(seq.toJSON()).length <= FLOW_WIDTH) seq.flow = true;
    },
  });
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line ? " ".repeat(indent) + line : line))
    .join("\n");
}

const columnOf = (text: string, offset: number) => offset - (text.lastIndexOf("\n", offset - 1) + 1);

/**
 * Where text goes after a block collection: after its last line that holds content, or a comment indented deeper
 * than the collection (it belongs to the last item). Blank lines and comments further out stay after the insertion.
 */
function insertionPoint(text: string, node: Node): number {
  const [start, end] = node.range!;
  const indent = columnOf(text, start);
  let point = start;
  let offset = start - columnOf(text, start);
  while (offset < end) {
    const next = text.indexOf("\n", offset);
    const lineEnd = next === -1 ? text.length : next + 1;
    // The range may end inside the next key's indentation: only what lies within it counts.
    const line = text.slice(offset, Math.min(lineEnd, end));
    const trimmed = line.trim();
    const lineIndent = line.length - line.trimStart().length;
    if (trimmed && (!trimmed.startsWith("#") || lineIndent > indent)) point = lineEnd;
    offset = lineEnd;
  }
  return point;
}

/** Appends `items` to the list at `path` (created with its parent mappings when missing). */
export function appendListItems(text: string, path: readonly string[], items: readonly unknown[]): string {
  if (items.length === 0) return text;
  const doc = parseDocument(text);
  let node: unknown = doc.contents;
  let depth = 0;
  while (depth < path.length && isMap(node) && isCollection(node.get(path[depth], true))) {
    node = node.get(path[depth], true);
    depth++;
  }
  const missing = path.slice(depth);
  // The keys that are missing, then each item on its own: a large import never becomes one large Document.
  const splice = (after: Node) => {
    const at = insertionPoint(text, after);
    const indent = columnOf(text, after.range![0]);
    const keys = missing.map((key, i) => `${" ".repeat(indent + 2 * i)}${key}:`);
    const listed = items.map((item) => yamlBlock([item], indent + 2 * missing.length));
    const separator = at > 0 && text[at - 1] !== "\n" ? "\n" : "";
    return `${text.slice(0, at)}${separator}${[...keys, ...listed].join("\n")}\n${text.slice(at)}`;
  };
  if (missing.length === 0 && isSeq(node) && !node.flow && node.items.length > 0) return splice(node);
  if (missing.length > 0 && isMap(node) && !node.flow && node.items.length > 0 && !node.has(missing[0])) {
    return splice(node);
  }
  // The fallback (an empty or flow collection, a key without a value): the Document API keeps comments, not layout.
  const existing = doc.getIn(path, true);
  const list = isSeq(existing) ? [...(existing.toJSON() as unknown[]), ...items] : [...items];
  const at = path.slice(0, depth + 1);
  doc.setIn(at, doc.createNode(path.slice(depth + 1).reduceRight<unknown>((inner, key) => ({ [key]: inner }), list)));
  return doc.toString({ lineWidth: 0 });
}
