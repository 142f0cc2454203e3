export {
  OBSERVABILITY_ENV,
  type ObservabilityConfig,
  type ObservabilityFlags,
  observabilityConfig,
} from "./config.js";
export { LAST_SUCCESS, parseLastSuccess, renderMetrics, runGauges } from "./metrics.js";
export { type PushgatewayConfig, pushMetrics } from "./pushgateway.js";
export { type Channel, type ReportDeps, type ReportResult, reportRun } from "./report.js";
export { notifySlack, type SlackConfig, shouldNotify, slackMessage } from "./slack.js";
export { durationSeconds, formatSummaryLine, type RunSummary, redactSummary, totalDrift } from "./summary.js";
export { writeMetricsTextfile } from "./textfile.js";
