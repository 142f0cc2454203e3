import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { summary } from "../../test/support/scheduler.js";
import { writeMetricsTextfile } from "./textfile.js";

describe("writeMetricsTextfile", () => {
  it("replaces the file and keeps the last success across a failed run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "regionsync-textfile-"));
    try {
      const path = join(dir, "regionsync.prom");
      await writeMetricsTextfile(path, summary());
      await writeMetricsTextfile(
        path,
        summary({
          ok: false,
          failed: 2,
          startedAt: "2026-01-01T01:00:00Z",
          finishedAt: "2026-01-01T01:00:01Z",
          scopes: [
            {
              provider: "auth0",
              account: "auth0-eu",
              region: "eu",
              drift: 2,
              changes: { create: 0, update: 2, delete: 0, manual: 0 },
              applied: 0,
              failed: 2,
              errors: 0,
            },
          ],
        }),
      );
      const text = await readFile(path, "utf8");
      assert.match(text, /^regionsync_last_success_timestamp_seconds\{mode="apply"\} 1767226502.5$/m);
      assert.match(text, /^regionsync_last_run_timestamp_seconds\{mode="apply"\} 1767229201$/m);
      assert.match(
        text,
        /^regionsync_changes_failed\{provider="auth0",account="auth0-eu",region="eu",mode="apply"\} 2$/m,
      );
      assert.deepEqual(await readdir(dir), ["regionsync.prom"], "no temporary file left behind");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
