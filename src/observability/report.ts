/**
 * The end of every run: the summary line on stdout, then metrics and notification as configured. Reporting never
 * fails the run; a channel that fails is logged (without its URL) and named in the result, and the staleness alert
 * catches metrics that stop arriving.
 */
import { isAxiosError } from "axios";
import type { Logger } from "../core/types.js";
import type { ObservabilityConfig } from "./config.js";
import { memoryStore, type NoticeStore } from "./notice-state.js";
import { pushMetrics } from "./pushgateway.js";
import { notifySlack } from "./slack.js";
import { formatSummaryLine, type RunSummary, redactSummary } from "./summary.js";
import { writeMetricsTextfile } from "./textfile.js";

export interface ReportDeps {
  logger: Logger;
  /** The run's secret redactor (`Redactor.redact`); the configured URLs are masked in addition. */
  redact?: (text: string) => string;
  /** Where the summary line goes; stdout by default. */
  write?: (line: string) => void;
  /** What the last Slack notice was about; without it every run is a first one. */
  notices?: NoticeStore;
}

export type Channel = "textfile" | "pushgateway" | "slack";

export interface ReportResult {
  delivered: Channel[];
  failed: Channel[];
}

export async function reportRun(
  summary: RunSummary,
  config: ObservabilityConfig,
  deps: ReportDeps,
): Promise<ReportResult> {
  const secrets = [config.slack?.webhookUrl, config.pushgateway?.url].filter((s): s is string => !!s);
  const redact = (text: string) => secrets.reduce((t, s) => t.split(s).join("***"), deps.redact?.(text) ?? text);
  const safe = redactSummary(summary, redact);
  (deps.write ?? ((line) => process.stdout.write(line)))(`${formatSummaryLine(safe)}\n`);

  const tasks: [Channel, () => Promise<unknown>][] = [];
  const { textfile, pushgateway, slack } = config;
  if (textfile) tasks.push(["textfile", () => writeMetricsTextfile(textfile, safe)]);
  if (pushgateway) tasks.push(["pushgateway", () => pushMetrics(pushgateway, safe)]);
  if (slack) tasks.push(["slack", () => notifySlack(slack, safe, deps.notices ?? memoryStore())]);

  const result: ReportResult = { delivered: [], failed: [] };
  await Promise.all(
    tasks.map(async ([channel, task]) => {
      try {
        await task();
        result.delivered.push(channel);
      } catch (error) {
        result.failed.push(channel);
        deps.logger.warn("run report not delivered", { channel, ...describe(error) });
      }
    }),
  );
  return result;
}

/** Status and code only: axios errors carry the request URL and headers, which may hold credentials. */
function describe(error: unknown): Record<string, unknown> {
  if (isAxiosError(error)) return { status: error.response?.status, code: error.code };
  if (error instanceof Error && "code" in error) return { code: error.code };
  return { code: "UNKNOWN" };
}
