/**
 * Metrics for node_exporter's textfile collector. The collector may read at any moment, so the file is replaced by a
 * rename in the same directory, never rewritten in place.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { finishedSeconds, metricsRegistry, parseLastSuccess } from "./metrics.js";
import type { RunSummary } from "./summary.js";

/** `path` should end in `.prom`; the collector ignores other names, which is why the temporary file does not. */
export async function writeMetricsTextfile(path: string, summary: RunSummary): Promise<void> {
  const previous = await readFile(path, "utf8").catch(() => "");
  const lastSuccess = summary.ok ? finishedSeconds(summary) : parseLastSuccess(previous);
  const text = await metricsRegistry(summary, { labels: { mode: summary.mode }, lastSuccess }).metrics();
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(temporary, text, { mode: 0o644 });
  await rename(temporary, path);
}
