/**
 * Every desired-state document shown in the README and the docs (a YAML block with a top-level `version`) is valid:
 * an example a reader copies must not fail `regionsync validate`.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { parse } from "yaml";
import { loadDesiredStateText } from "../../src/config/index.js";
import { providers } from "../../src/providers/registry.js";

const root = new URL("../../../", import.meta.url).pathname;
const pages = [
  "README.md",
  ...readdirSync(join(root, "docs")).map((f) => join("docs", f)),
  "helm/regionsync/README.md",
];

function yamlBlocks(page: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const lines = readFileSync(join(root, page), "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```ya?ml\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    while (i + 1 < lines.length && !/^\s*```\s*$/.test(lines[i + 1]!)) i++;
    blocks.push({ line: start + 1, text: lines.slice(start, i + 1).join("\n") });
  }
  return blocks;
}

function isDesiredState(text: string): boolean {
  try {
    const doc = parse(text) as unknown;
    return typeof doc === "object" && doc !== null && "version" in doc && ("regions" in doc || "resources" in doc);
  } catch {
    return false;
  }
}

it("every desired-state example in the README and the docs validates", () => {
  const examples = pages.flatMap((page) =>
    yamlBlocks(page)
      .filter((b) => isDesiredState(b.text))
      .map((b) => ({ ...b, page })),
  );
  assert.ok(
    examples.some((e) => e.page === "README.md"),
    "the README's example was found",
  );
  for (const { page, line, text } of examples) {
    const { diagnostics } = loadDesiredStateText(text, `${page}:${line}`, providers, {});
    const errors = diagnostics.filter((d) => d.severity === "error").map((d) => `${d.at?.line}: ${d.message}`);
    assert.deepEqual(errors, [], `${page}, the example at line ${line}`);
  }
});
