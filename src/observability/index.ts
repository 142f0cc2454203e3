export { changeNotes, GLOBAL_REGION, scopeCounts } from "./breakdown.js";
export {
  OBSERVABILITY_ENV,
  type ObservabilityConfig,
  type ObservabilityFlags,
  observabilityConfig,
} from "./config.js";
export { finishedSeconds, LAST_SUCCESS, METRIC_NAMES, metricsRegistry, parseLastSuccess } from "./metrics.js";
export { fileStore, memoryStore, type NoticeState, type NoticeStore } from "./notice-state.js";
export { type PushgatewayConfig, pushMetrics } from "./pushgateway.js";
export { type Channel, type ReportDeps, type ReportResult, reportRun } from "./report.js";
export { type MetricsServer, serveMetrics } from "./server.js";
export { notifySlack, type SlackConfig, slackNotice } from "./slack.js";
export {
  type ChangeNote,
  durationSeconds,
  formatSummaryLine,
  type RunSummary,
  redactSummary,
  type ScopeCounts,
  totalDrift,
} from "./summary.js";
export { writeMetricsTextfile } from "./textfile.js";
