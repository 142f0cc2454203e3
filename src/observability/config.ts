/**
 * Where run reports go, read from the environment so a Helm values file (or a systemd unit) configures them without
 * new flags. Values are checked here; messages name the variable, never its value, since URLs may hold credentials.
 */
import type { Env } from "../core/types.js";
import type { PushgatewayConfig } from "./pushgateway.js";
import type { SlackConfig } from "./slack.js";

export interface ObservabilityConfig {
  /** node_exporter textfile path (`…/regionsync.prom`). */
  textfile?: string;
  pushgateway?: PushgatewayConfig;
  slack?: SlackConfig;
}

export const OBSERVABILITY_ENV = {
  textfile: "REGIONSYNC_METRICS_TEXTFILE",
  pushgatewayUrl: "REGIONSYNC_PUSHGATEWAY_URL",
  pushgatewayJob: "REGIONSYNC_PUSHGATEWAY_JOB",
  pushgatewayInstance: "REGIONSYNC_PUSHGATEWAY_INSTANCE",
  slackWebhookUrl: "REGIONSYNC_SLACK_WEBHOOK_URL",
  slackNotifyOn: "REGIONSYNC_SLACK_NOTIFY_ON",
  timeoutMs: "REGIONSYNC_REPORT_TIMEOUT_MS",
} as const;

export function observabilityConfigFromEnv(env: Env): ObservabilityConfig {
  const v = OBSERVABILITY_ENV;
  const timeoutMs = Number(env[v.timeoutMs] || 10_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`${v.timeoutMs} must be a positive integer`);
  const config: ObservabilityConfig = {};
  if (env[v.textfile]) {
    if (!env[v.textfile]?.endsWith(".prom")) throw new Error(`${v.textfile} must end in .prom`);
    config.textfile = env[v.textfile];
  }
  const pushUrl = env[v.pushgatewayUrl];
  if (pushUrl) {
    checkHttpUrl(pushUrl, v.pushgatewayUrl);
    config.pushgateway = { url: pushUrl, job: env[v.pushgatewayJob] || "regionsync", timeoutMs };
    if (env[v.pushgatewayInstance]) config.pushgateway.instance = env[v.pushgatewayInstance];
  }
  const webhookUrl = env[v.slackWebhookUrl];
  if (webhookUrl) {
    checkHttpUrl(webhookUrl, v.slackWebhookUrl);
    const notifyOn = env[v.slackNotifyOn] || "drift";
    if (notifyOn !== "drift" && notifyOn !== "failure") throw new Error(`${v.slackNotifyOn} must be drift or failure`);
    config.slack = { webhookUrl, notifyOn, timeoutMs };
  }
  return config;
}

function checkHttpUrl(value: string, name: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`${name} must be an http(s) URL`);
}
