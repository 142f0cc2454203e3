import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { CELLS } from "./cells.js";
import { docPath, documentedMatrix, renderMatrix, TARGETS } from "./doc.js";

describe("docs/fault-matrix.md", () => {
  const doc = readFileSync(docPath, "utf8");

  it("holds the table the matrix asserts (regenerate: node dist/test/faults/doc.js --write)", () => {
    assert.equal(documentedMatrix(doc), renderMatrix());
  });

  it("names every cell of the matrix, and no other", () => {
    const named = [...(documentedMatrix(doc) ?? "").matchAll(/^\| [^|]+ \(`([a-z0-9-]+)`\) \|/gm)].map((m) => m[1]);
    assert.deepEqual(
      named,
      CELLS.map((c) => c.name),
    );
  });

  it("has a test file running the matrix for every vendor in the table", () => {
    const here = fileURLToPath(new URL(".", import.meta.url));
    const files = readdirSync(here).filter((f) => /^[a-z0-9]+\.test\.js$/.test(f) && f !== "doc.test.js");
    assert.deepEqual(files.map((f) => f.replace(".test.js", "")).sort(), TARGETS.map((t) => t.vendor).sort());
    for (const target of TARGETS) {
      assert.match(readFileSync(`${here}${target.vendor}.test.js`, "utf8"), /runFaultMatrix\(/);
    }
  });
});
