import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { it } from "node:test";
import { fileURLToPath } from "node:url";

it("on a real SIGTERM the process finishes its run and exits 0 by itself", async () => {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL("../../test/support/signal-child.js", import.meta.url))],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    out += chunk;
    if (chunk.includes("run started")) child.kill("SIGTERM");
  });
  const [code] = await once(child, "exit");
  assert.equal(code, 0);
  const lines = out.trim().split("\n");
  assert.deepEqual(lines.slice(0, 3), ["run started", "run aborted", "run finished"]);
  assert.deepEqual(JSON.parse(lines[3] ?? "{}"), { runs: 1, listeners: 0 });
});
