/**
 * Slack notices, sent when something changed since the last notice: drift appeared, changed or cleared; a run failed
 * after succeeding, or succeeded after failing; regionsync applied changes. Each notice names the resources and
 * regions. A run like the one before says nothing, so a drifted plan every 15 minutes is one notice, not 96 a day.
 * The webhook URL is itself a credential: it is never logged.
 */
import axios from "axios";
import { type NoticeState, type NoticeStore, noteLine, noticeState } from "./notice-state.js";
import type { RunSummary } from "./summary.js";

export interface SlackConfig {
  webhookUrl: string;
  /** `failure`: only failures starting and ending. `drift`: those, and drift appearing, changing or clearing. */
  notifyOn: "drift" | "failure";
  timeoutMs: number;
  /** The file that remembers the last notice across processes (a CronJob's runs); memory only when absent. */
  stateFile?: string;
}

const MAX_LINES = 10;
const MAX_ERRORS = 5;
const MAX_ERROR_CHARS = 300;

/** The notice `summary` calls for after `previous` (none: nothing changed). */
export function slackNotice(
  notifyOn: SlackConfig["notifyOn"],
  summary: RunSummary,
  previous: NoticeState | undefined,
): { text: string } | undefined {
  const current = noticeState(summary, previous);
  const key = (c: { id: string; digest: string }) => `${c.id} ${c.digest}`;
  const before = new Set((previous?.outstanding ?? []).map(key));
  const now = new Set(current.outstanding.map(key));
  const appeared = current.outstanding.filter((c) => !before.has(key(c)));
  const resolved = (previous?.outstanding ?? []).filter((c) => !now.has(key(c)));
  const applied = (summary.changes ?? []).filter((c) => c.state === "applied");
  const failureStarted = !summary.ok && !previous?.failing;
  const recovered = summary.ok && previous?.failing === true;
  const driftMoved = notifyOn === "drift" && (appeared.length > 0 || resolved.length > 0 || applied.length > 0);
  if (!failureStarted && !recovered && !driftMoved) return undefined;

  const driftChanged = notifyOn === "drift" && (appeared.length > 0 || resolved.length > 0);
  const head = headline(summary, current, previous, failureStarted, recovered && !driftChanged);
  const lines = [`${head} (${summary.mode}, finished ${summary.finishedAt})`];
  if (!summary.ok) {
    lines.push(...summary.errors.slice(0, MAX_ERRORS).map((e) => `• ${escapeMrkdwn(truncate(e))}`));
    if (summary.errors.length > MAX_ERRORS) lines.push(`… and ${summary.errors.length - MAX_ERRORS} more errors`);
  }
  if (notifyOn === "drift") {
    section(lines, "Applied", applied.map(noteLine));
    section(
      lines,
      previous ? "New drift" : "Drift",
      appeared.map((c) => c.line),
    );
    section(
      lines,
      "No longer drifting",
      resolved.map((c) => c.line),
    );
    const unchanged = current.outstanding.length - appeared.length;
    if (unchanged > 0 && driftChanged) lines.push(`Still drifting: ${unchanged} more.`);
  }
  return { text: lines.join("\n") };
}

function headline(
  summary: RunSummary,
  current: NoticeState,
  previous: NoticeState | undefined,
  failureStarted: boolean,
  recoveredOnly: boolean,
): string {
  if (failureStarted) return ":red_circle: regionsync run failed";
  if (!summary.ok) return ":red_circle: regionsync is still failing";
  if (recoveredOnly) return ":large_green_circle: regionsync runs succeed again";
  const before = previous?.outstanding.length ?? 0;
  if (current.outstanding.length === 0) {
    return before > 0
      ? ":large_green_circle: regionsync: drift cleared, every declared resource is in sync"
      : ":large_blue_circle: regionsync applied changes";
  }
  return before === 0
    ? ":large_yellow_circle: regionsync found drift"
    : ":large_yellow_circle: regionsync: the drift changed";
}

function section(lines: string[], title: string, items: string[]): void {
  if (items.length === 0) return;
  lines.push(`${title} (${items.length}):`, ...items.slice(0, MAX_LINES).map((i) => `• ${escapeMrkdwn(i)}`));
  if (items.length > MAX_LINES) lines.push(`… and ${items.length - MAX_LINES} more`);
}

/**
 * Posts the notice `summary` calls for, if any, and remembers the state it left. Returns whether a message was sent.
 * A failed post remembers nothing, so the next run tries the same notice again.
 */
export async function notifySlack(config: SlackConfig, summary: RunSummary, store: NoticeStore): Promise<boolean> {
  const previous = await store.load();
  const notice = slackNotice(config.notifyOn, summary, previous);
  if (notice) await axios.post(config.webhookUrl, notice, { timeout: config.timeoutMs, maxRedirects: 0 });
  await store.save(noticeState(summary, previous));
  return notice !== undefined;
}

/** Slack reads `<...>` as links and mentions (`<!channel>`), so error text must not carry them through. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}
