import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { addEntry, removeRegion } from "./edit.js";

const example = readFileSync(new URL("../../../desired-state.yaml", import.meta.url), "utf8");

const text = `# top comment
version: 1
regions:
  # the first region
  us:
    hosts: [app.example.com]   # trailing comment
    cloud_region: us-east-1
  eu: { hosts: [eu.example.com], cloud_region: eu-west-1 }

# accounts below
accounts: {}
resources:
  auth0:
    applications:
      - name: A
        regions: [us, eu]
      - name: B
        regions:
          - eu
          - us # keep me
      - name: C
        regions: all
        except: [eu]
      - name: D
        regions: all
        except: [us, eu]
`;

const ok = (edited: { text: string } | { error: string }): string => {
  if ("error" in edited) throw new Error(edited.error);
  return edited.text;
};

describe("editing desired-state.yaml in place", () => {
  it("adds a region as the last entry, indented like the others, every other byte as it was", () => {
    const added = ok(addEntry(text, ["regions"], "ap", { hosts: ["ap.example.com"], cloud_region: "ap-southeast-2" }));
    assert.equal(
      added,
      text.replace(
        "  eu: { hosts: [eu.example.com], cloud_region: eu-west-1 }\n",
        "  eu: { hosts: [eu.example.com], cloud_region: eu-west-1 }\n  ap:\n    hosts: [ap.example.com]\n    cloud_region: ap-southeast-2\n",
      ),
    );
  });

  it("keeps the example file's comments and layout byte for byte outside the inserted block", () => {
    const added = ok(addEntry(example, ["regions"], "ap", { hosts: ["ap.example.com"], cloud_region: "x" }));
    const at = added.indexOf("  ap:\n");
    const block = "  ap:\n    hosts: [ap.example.com]\n    cloud_region: x\n";
    assert.equal(added.slice(at, at + block.length), block);
    assert.equal(added.slice(0, at) + added.slice(at + block.length), example);
  });

  it("refuses a region already declared, or a section it cannot extend without rewriting it", () => {
    assert.deepEqual(addEntry(text, ["regions"], "eu", {}), { error: "regions.eu is already declared" });
    assert.match((addEntry(text, ["accounts"], "x", {}) as { error: string }).error, /accounts is not a block mapping/);
  });

  it("removes a region's block and its name from every list, an except left empty included", () => {
    const removed = ok(
      removeRegion(text.replace("      - name: D\n        regions: all\n        except: [us, eu]\n", ""), "eu"),
    );
    assert.equal(
      removed,
      text
        .replace("      - name: D\n        regions: all\n        except: [us, eu]\n", "")
        .replace("  eu: { hosts: [eu.example.com], cloud_region: eu-west-1 }\n", "")
        .replace("regions: [us, eu]", "regions: [us]")
        .replace("          - eu\n", "")
        .replace("        except: [eu]\n", ""),
    );
  });

  it("refuses to remove the only region a declaration serves: a person decides what happens to it", () => {
    const only = text.replace("          - us # keep me\n", "");
    assert.deepEqual(removeRegion(only, "eu"), {
      error: "auth0.applications 'B' serves only eu: remove it, or give it another region first",
    });
    assert.match((removeRegion(text, "ap") as { error: string }).error, /regions\.ap is not declared/);
  });
});
