/**
 * Where run reports go: CLI flags first, then environment variables, so a Helm values file or a systemd unit can
 * configure them either way. Values are checked here; messages name the flag or variable, never its value, since
 * URLs may hold credentials.
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
  notifyState: "REGIONSYNC_NOTIFY_STATE",
  timeoutMs: "REGIONSYNC_REPORT_TIMEOUT_MS",
} as const;

/** `regionsync run --metrics-file F --pushgateway URL --slack-webhook-env VAR`. */
export interface ObservabilityFlags {
  metricsFile?: string;
  pushgateway?: string;
  /** The name of the variable holding the webhook URL (the URL is a credential, so never a flag). */
  slackWebhookEnv?: string;
  /** The file Slack notices remember the last one in, across processes. */
  notifyState?: string;
}

export function observabilityConfig(env: Env, flags: ObservabilityFlags = {}): ObservabilityConfig {
  const v = OBSERVABILITY_ENV;
  const timeoutMs = Number(env[v.timeoutMs] || 10_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error(`${v.timeoutMs} must be a positive integer`);
  const config: ObservabilityConfig = {};
  const textfile = flags.metricsFile || env[v.textfile];
  if (textfile) {
    if (!textfile.endsWith(".prom"))
      throw new Error(`the metrics textfile must end in .prom (node_exporter reads no other)`);
    config.textfile = textfile;
  }
  const pushUrl = flags.pushgateway || env[v.pushgatewayUrl];
  if (pushUrl) {
    checkHttpUrl(pushUrl, flags.pushgateway ? "--pushgateway" : v.pushgatewayUrl);
    config.pushgateway = { url: pushUrl, job: env[v.pushgatewayJob] || "regionsync", timeoutMs };
    if (env[v.pushgatewayInstance]) config.pushgateway.instance = env[v.pushgatewayInstance];
  }
  const webhookVar = flags.slackWebhookEnv || v.slackWebhookUrl;
  const webhookUrl = env[webhookVar];
  if (flags.slackWebhookEnv && !webhookUrl) throw new Error(`--slack-webhook-env: ${webhookVar} is not set`);
  if (webhookUrl) {
    checkHttpUrl(webhookUrl, webhookVar);
    const notifyOn = env[v.slackNotifyOn] || "drift";
    if (notifyOn !== "drift" && notifyOn !== "failure") throw new Error(`${v.slackNotifyOn} must be drift or failure`);
    const stateFile = flags.notifyState || env[v.notifyState];
    config.slack = { webhookUrl, notifyOn, timeoutMs, ...(stateFile ? { stateFile } : {}) };
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
