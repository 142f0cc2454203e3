import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isRecordTag, recordTags, sharedTags, tagToken } from "./monitors-tags.js";

const ownership = ["managed-by:regionsync", "regionsync-account:dd"];
const created = (declared: string[]) => sharedTags([], declared, ownership);
const byHand = (tags: string[], ...added: string[]) => [...tags, ...added];

describe("monitor tags, shared with people", () => {
  it("a new monitor records every declared tag as regionsync's", () => {
    const tags = created(["team:platform", "region:eu-west-1"]);
    assert.deepEqual(tags, [
      "managed-by:regionsync",
      "region:eu-west-1",
      "regionsync-account:dd",
      `regionsync-tags:1${[tagToken("region:eu-west-1"), tagToken("team:platform")].sort().join("")}`,
      "team:platform",
    ]);
  });

  it("keeps tags a person added, and removes only declared tags regionsync set when the file drops them", () => {
    const before = byHand(created(["team:platform", "tier:1"]), "slo:checkout", "Muted:Until-Monday");
    const after = sharedTags(before, ["team:platform"], ownership);
    assert.ok(after.includes("slo:checkout"));
    assert.ok(after.includes("muted:until-monday"), "compared and kept as Datadog stores it, lower-cased");
    assert.ok(!after.includes("tier:1"));
    assert.deepEqual(after.filter(isRecordTag), recordTags(["team:platform"]));
  });

  it("never claims a tag a person added before the file declared it", () => {
    const before = byHand(created(["team:platform"]), "tier:1");
    const declared = sharedTags(before, ["team:platform", "tier:1"], ownership);
    assert.deepEqual(declared.filter(isRecordTag), recordTags(["team:platform"]));
    assert.ok(sharedTags(declared, ["team:platform"], ownership).includes("tier:1"));
  });

  it("a monitor without a record (made before records) counts the declared tags it carries as regionsync's", () => {
    const legacy = ["managed-by:regionsync", "regionsync-account:dd", "team:platform", "tier:1", "slo:checkout"];
    const after = sharedTags(legacy, ["team:platform", "tier:1"], ownership);
    assert.deepEqual(after.filter(isRecordTag), recordTags(["team:platform", "tier:1"]));
    assert.ok(after.includes("slo:checkout"));
  });

  it("records up to 73 declared tags in tags of at most 200 characters that Datadog accepts", () => {
    const declared = Array.from({ length: 73 }, (_, i) => `key${i}:value`);
    const records = recordTags(declared);
    assert.equal(records.length, 3);
    for (const tag of records) {
      assert.ok(tag.length <= 200);
      assert.match(tag, /^[a-z][a-z0-9_\-:./]*[^:]$/);
    }
    const tags = sharedTags([], declared, ownership);
    assert.equal(tags.length, 73 + ownership.length + 3);
    assert.deepEqual(sharedTags(tags, declared, ownership), tags, "a second write changes nothing");
  });
});
