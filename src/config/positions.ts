/** Maps paths in a parsed desired-state.yaml back to line and column, so every error can say where it is. */
import { isMap, isNode, isScalar, isSeq, type LineCounter, type Node, type Document as YamlDocument } from "yaml";
import type { SourcePosition } from "../core/types.js";

export type Path = ReadonlyArray<string | number>;

export class PositionIndex {
  constructor(
    private readonly doc: YamlDocument,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  at(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  /** The node at `path`, or the deepest existing ancestor when the path does not exist (a missing key). */
  private nodeAt(path: Path): { node: Node | null; exact: boolean } {
    let node: unknown = this.doc.contents;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return { node: node as Node, exact: false };
        node = pair.value ?? pair.key;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment];
        if (!isNode(item)) return { node: node as Node, exact: false };
        node = item;
      } else {
        return { node: isNode(node) ? node : null, exact: false };
      }
    }
    return { node: isNode(node) ? node : null, exact: true };
  }

  /** Where the value at `path` starts; for a missing key, where its parent mapping starts. */
  value(path: Path): SourcePosition {
    const { node } = this.nodeAt(path);
    return this.at(node?.range?.[0] ?? 0);
  }

  /** Where the key `key` of the mapping at `parent` is written (for unknown-key errors). */
  key(parent: Path, key: string): SourcePosition {
    const { node } = this.nodeAt(parent);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (pair && isNode(pair.key) && pair.key.range) return this.at(pair.key.range[0]);
    }
    return this.value(parent);
  }

  /** Positions of every scalar below `path`, by dotted path relative to it. */
  leaves(path: Path): Record<string, SourcePosition> {
    const out: Record<string, SourcePosition> = {};
    const walk = (node: unknown, prefix: string) => {
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isScalar(pair.key)) continue;
          const key = String(pair.key.value);
          walk(pair.value, prefix ? `${prefix}.${key}` : key);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => {
          walk(item, prefix ? `${prefix}.${i}` : String(i));
        });
      } else if (isScalar(node) && node.range) {
        out[prefix] = this.at(node.range[0]);
      }
    };
    const { node, exact } = this.nodeAt(path);
    if (exact) walk(node, "");
    return out;
  }
}
