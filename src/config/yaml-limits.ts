/**
 * Limits that keep a hostile or broken file from exhausting memory or time: nesting depth, and how much aliases may
 * expand the document (a "billion laughs" file is a few lines). Each problem has a position, and later steps (zod, the
 * placeholder walk) only ever see a document within these limits.
 */
import { type Document, isAlias, isCollection, isNode, isPair, isScalar, type Node } from "yaml";
import type { Diagnostic, SourcePosition } from "../core/types.js";
import { error } from "./findings.js";
import type { PositionIndex } from "./positions.js";

/** Collections nested deeper than this are refused; desired-state.yaml needs about eight levels. */
const maxDepth = 64;
/** How many values aliases may add to the document, in all. */
const maxAliasValues = 100_000;
/** Indentation plus open brackets beyond this are refused before parsing, which would take seconds and gigabytes. */
const maxTextNesting = 256;

function tooDeep(message: string, at: SourcePosition): Diagnostic {
  return error("yaml-too-deep", message, at, "flatten the structure; desired-state.yaml needs only a few levels");
}

/**
 * An upper bound of the nesting on every line (leading indentation and block indicators, plus brackets still open),
 * cheap enough to run before the parser. It counts brackets in strings and comments too, so it only refuses the absurd.
 */
export function checkTextNesting(text: string, file: string): Diagnostic | undefined {
  let open = 0;
  for (const [i, line] of text.split("\n").entries()) {
    const lead = /^[ \t?:-]*/.exec(line)![0].length;
    if (line[lead] !== "#") {
      for (const c of line) {
        if (c === "[" || c === "{") open++;
        else if ((c === "]" || c === "}") && open > 0) open--;
      }
    }
    if (lead + open > maxTextNesting) {
      const at = { file, line: i + 1, column: Math.min(lead, line.length) + 1 };
      return tooDeep(`more than ${maxTextNesting} levels of indentation and open brackets`, at);
    }
  }
  return undefined;
}

interface Size {
  values: number;
  depth: number;
}

/**
 * Checks aliases, nesting depth, duplicate keys and merge keys on the parsed document, before it becomes plain data.
 * Duplicate keys are found here in linear time: the parser's own check compares every key with every other.
 */
export function checkDocument(doc: Document, positions: PositionIndex): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const at = (node: Node) => positions.at(node.range?.[0] ?? 0);
  // Anchors as the walk meets them, in document order: an alias refers to the last one of its name before it.
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, Size>();
  let aliased = 0;
  let deepReported = false;
  let tooMuch = false;
  const deep = (node: Node, message: string) => {
    if (!deepReported) problems.push(tooDeep(message, at(node)));
    deepReported = true;
  };

  const walk = (node: unknown, depth: number): Size => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const size = target && sizes.get(target);
      if (!size) {
        // A value past the depth limit was not walked, so its anchors are unknown: reported as too deep already.
        if (deepReported) return { values: 0, depth: 0 };
        const message = target
          ? `alias '*${node.source}' is inside the value it refers to`
          : `alias '*${node.source}' has no anchor '&${node.source}' before it`;
        problems.push(
          error("yaml-alias", message, at(node), "write the value out, or anchor a value above this alias"),
        );
        return { values: 0, depth: 0 };
      }
      aliased += size.values;
      if (aliased > maxAliasValues && !tooMuch) {
        const message = `aliases expand the document by more than ${maxAliasValues} values`;
        problems.push(error("yaml-alias", message, at(node), "write the values out, or alias fewer or smaller values"));
        tooMuch = true;
      }
      if (depth + size.depth - 1 > maxDepth) deep(node, `this alias nests collections more than ${maxDepth} deep`);
      return size;
    }
    if (!isNode(node)) return { values: 0, depth: 0 };
    if (node.anchor) anchors.set(node.anchor, node);
    let size: Size = { values: 1, depth: 0 };
    if (isCollection(node)) {
      if (depth > maxDepth) deep(node, `collections are nested more than ${maxDepth} deep`);
      else size = walkCollection(node.items, depth);
    }
    if (node.anchor) sizes.set(node, size);
    return size;
  };

  const walkCollection = (items: unknown[], depth: number): Size => {
    const size: Size = { values: 1, depth: 1 };
    const keys = new Set<string>();
    const add = (child: Size) => {
      size.values += child.values;
      size.depth = Math.max(size.depth, child.depth + 1);
    };
    for (const item of items) {
      if (!isPair(item)) {
        add(walk(item, depth + 1));
        continue;
      }
      if (isScalar(item.key)) {
        const key = `${typeof item.key.value}:${String(item.key.value)}`;
        if (keys.has(key)) {
          const hint = "remove one of the duplicate keys";
          problems.push(error("yaml-syntax", "YAML syntax: Map keys must be unique", at(item.key), hint));
        }
        keys.add(key);
      }
      if (isScalar(item.key) && item.key.type === "PLAIN" && item.key.value === "<<") {
        const hint = "write the keys out: merge keys are YAML 1.1 and not part of YAML 1.2";
        problems.push(error("yaml-merge-key", "merge keys ('<<') are not supported", at(item.key), hint));
      }
      add(walk(item.key, depth + 1));
      add(walk(item.value, depth + 1));
    }
    return size;
  };

  walk(doc.contents, 1);
  return problems;
}
