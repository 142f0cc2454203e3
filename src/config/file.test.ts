import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readDesiredStateFile } from "./file.js";

describe("reading desired-state.yaml", () => {
  it("reads a file that reports no size (a device, a pipe) only up to the limit", async () => {
    const read = await readDesiredStateFile("/dev/zero", { REGIONSYNC_MAX_FILE_BYTES: "1000" });
    assert.deepEqual(read, {
      severity: "error",
      code: "file-too-large",
      message: "the file is over the limit of 1000 bytes",
      hint: "desired-state.yaml is normally a few kilobytes; to allow a larger file, set REGIONSYNC_MAX_FILE_BYTES",
      at: { file: "/dev/zero", line: 1, column: 1 },
    });
  });

  it("says when the file does not exist", async () => {
    const read = await readDesiredStateFile("/nonexistent/desired-state.yaml", {});
    assert.ok(!("text" in read));
    assert.equal(read.code, "file-unreadable");
    assert.equal(read.message, "cannot read /nonexistent/desired-state.yaml: does not exist");
  });
});
