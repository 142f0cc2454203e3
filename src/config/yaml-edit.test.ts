import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { appendListItems } from "./yaml-edit.js";

const file = `# top comment
version: 1
resources:
  auth0:
    applications:
      - name: Storefront   # aligned comment
        regions: [us,   eu]
        # a comment of the item
    # a comment before github
  github:
    webhooks: []
# closing comment
`;

const item = { name: "Admin", regions: ["us", "eu"], callbacks: ["https://${region.host}/cb"] };

describe("appendListItems", () => {
  it("adds items after a block list, leaving every other byte as it was", () => {
    const out = appendListItems(file, ["resources", "auth0", "applications"], [item]);
    const added = '      - name: Admin\n        regions: [us, eu]\n        callbacks: ["https://${region.host}/cb"]\n';
    const at = file.indexOf("    # a comment before github");
    assert.equal(out, `${file.slice(0, at)}${added}${file.slice(at)}`);
    assert.deepEqual(parse(out).resources.auth0.applications[1], item);
  });

  it("adds the key to its provider, and the provider to resources, where they are missing", () => {
    const out = appendListItems(file, ["resources", "datadog", "monitors"], [{ name: "m" }]);
    assert.ok(out.startsWith(file.slice(0, file.indexOf("# closing comment"))));
    assert.ok(out.endsWith("  datadog:\n    monitors:\n      - name: m\n# closing comment\n"));
    const nested = appendListItems(file, ["resources", "auth0", "more"], [{ name: "x" }]);
    assert.deepEqual(parse(nested).resources.auth0.more, [{ name: "x" }]);
    assert.match(nested, /# aligned comment/);
  });

  it("adds resources to a file without them, and handles a list written in flow style", () => {
    const bare = "version: 1\nregions: {}\n";
    assert.equal(
      appendListItems(bare, ["resources", "github", "webhooks"], [{ name: "h" }]),
      `${bare}resources:\n  github:\n    webhooks:\n      - name: h\n`,
    );
    const flow = appendListItems(file, ["resources", "github", "webhooks"], [{ name: "h" }]);
    assert.deepEqual(parse(flow).resources.github.webhooks, [{ name: "h" }]);
    assert.match(flow, /# top comment[\s\S]*# a comment of the item[\s\S]*# closing comment/);
    const empty = appendListItems("version: 1\nresources:\n", ["resources", "auth0", "applications"], [item]);
    assert.deepEqual(parse(empty).resources.auth0.applications, [item]);
  });

  it("writes the same text for the same items", () => {
    const items = [item, { ...item, name: "Second" }];
    assert.equal(
      appendListItems(file, ["resources", "auth0", "applications"], items),
      appendListItems(file, ["resources", "auth0", "applications"], structuredClone(items)),
    );
  });
});
