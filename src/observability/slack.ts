/**
 * Drift and failure notices to a Slack incoming webhook. The webhook URL is itself a credential: it is never logged.
 */
import axios from "axios";
import { type RunSummary, totalDrift } from "./summary.js";

export interface SlackConfig {
  webhookUrl: string;
  /** `failure`: only failed runs. `drift`: failed runs and runs that found drift. */
  notifyOn: "drift" | "failure";
  timeoutMs: number;
}

const MAX_ERRORS = 5;
const MAX_ERROR_CHARS = 300;

export function shouldNotify(notifyOn: SlackConfig["notifyOn"], summary: RunSummary): boolean {
  if (!summary.ok) return true;
  return notifyOn === "drift" && totalDrift(summary) > 0;
}

export function slackMessage(summary: RunSummary): { text: string } {
  const drift = Object.entries(summary.drift)
    .filter(([, n]) => n > 0)
    .map(([provider, n]) => `${provider} ${n}`);
  const head = summary.ok ? ":large_yellow_circle: regionsync found drift" : ":red_circle: regionsync run failed";
  const lines = [
    `${head} (${summary.mode}, finished ${summary.finishedAt})`,
    `Drift: ${drift.length ? drift.join(", ") : "none"}. Applied: ${summary.applied}. Failed: ${summary.failed}.`,
    ...summary.errors.slice(0, MAX_ERRORS).map((e) => `• ${escapeMrkdwn(truncate(e))}`),
  ];
  if (summary.errors.length > MAX_ERRORS) lines.push(`… and ${summary.errors.length - MAX_ERRORS} more errors`);
  return { text: lines.join("\n") };
}

/** Returns whether a message was sent. */
export async function notifySlack(config: SlackConfig, summary: RunSummary): Promise<boolean> {
  if (!shouldNotify(config.notifyOn, summary)) return false;
  await axios.post(config.webhookUrl, slackMessage(summary), { timeout: config.timeoutMs, maxRedirects: 0 });
  return true;
}

/** Slack reads `<...>` as links and mentions (`<!channel>`), so error text must not carry them through. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}
