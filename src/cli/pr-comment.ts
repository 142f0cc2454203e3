/** Posts the markdown plan to the pull request as one sticky comment. */
import { readFile } from "node:fs/promises";
import { proxiedFetch } from "../core/proxy.js";
import { stickyComment } from "../report/sticky-comment.js";
import type { Context } from "./context.js";
import { COMMENT_APP_VARIABLE } from "./operator-env.js";

async function pullRequestNumber(ctx: Context): Promise<number | undefined> {
  if (ctx.options.pr !== undefined) return ctx.options.pr;
  const eventPath = ctx.env.GITHUB_EVENT_PATH;
  if (!eventPath) return undefined;
  try {
    const event = JSON.parse(await readFile(eventPath, "utf8")) as {
      pull_request?: { number?: number };
      number?: number;
    };
    return event.pull_request?.number ?? event.number;
  } catch {
    return undefined;
  }
}

export async function postPlanComment(ctx: Context, markdown: string): Promise<boolean> {
  const token = ctx.env.GITHUB_TOKEN;
  const repository = ctx.env.GITHUB_REPOSITORY;
  const issueNumber = await pullRequestNumber(ctx);
  if (!token || !repository || !issueNumber || !Number.isInteger(issueNumber)) {
    ctx.err("error: --comment needs GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name) and --pr N (or GITHUB_EVENT_PATH)\n");
    return false;
  }
  ctx.redactor.add(token);
  const comment = stickyComment(markdown);
  // The SDK loads only when a comment is posted.
  const { upsertStickyComment } = await import("../providers/github/pr-comment.js");
  try {
    const result = await upsertStickyComment({
      apiUrl: ctx.env.GITHUB_API_URL ?? "https://api.github.com",
      token,
      repository,
      issueNumber,
      comment,
      appSlug: ctx.env[COMMENT_APP_VARIABLE] || undefined,
      logger: ctx.logger,
      secrets: ctx.redactor,
      timeoutMs: ctx.requestTimeoutMs,
      fetch: proxiedFetch(ctx.env),
    });
    ctx.err(`Plan comment ${result.action} on ${repository}#${issueNumber}.\n`);
    return true;
  } catch (error) {
    ctx.err(`error: posting the plan comment failed: ${ctx.redactor.redact((error as Error).message)}\n`);
    return false;
  }
}
