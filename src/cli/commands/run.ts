import type { ChangeResult } from "../../core/plan.js";
import { hasChanges } from "../../core/plan.js";
import { RequestTally } from "../../core/request-counter.js";
import {
  changeNotes,
  fileStore,
  finishedSeconds,
  type MetricsServer,
  memoryStore,
  metricsRegistry,
  observabilityConfig,
  type RunSummary,
  reportRun,
  scopeCounts,
  serveMetrics,
} from "../../observability/index.js";
import { renderPlan, renderResults } from "../../report/terminal.js";
import { abortOnShutdown, runOnSchedule } from "../../scheduler/index.js";
import { type Context, loadState } from "../context.js";
import { applyPlan, makePlan, newPool } from "../reconcile.js";
import { version } from "../version.js";

type Mode = RunSummary["mode"];

/**
 * One reconcile run as the scheduled job does it: re-read the file, plan, and in apply mode apply without asking.
 * Every outcome becomes a summary; nothing here throws past the run. `tally` counts vendor requests across runs.
 */
async function reconcileOnce(ctx: Context, mode: Mode, signal: AbortSignal, tally: RequestTally): Promise<RunSummary> {
  const startedAt = new Date().toISOString();
  const summary = (fields: Partial<RunSummary>): RunSummary => ({
    startedAt,
    finishedAt: new Date().toISOString(),
    mode,
    ok: false,
    drift: {},
    applied: 0,
    failed: 0,
    errors: [],
    version: version(),
    requests: tally.snapshot(),
    ...fields,
  });
  let loaded: Awaited<ReturnType<typeof loadState>>;
  try {
    loaded = await loadState(ctx);
  } catch (error) {
    return summary({ errors: [(error as Error).message] });
  }
  if (!loaded) return summary({ errors: ["the desired-state file is invalid"] });
  const pool = newPool(ctx, loaded, tally);
  const accounts = loaded.state.accounts.filter((a) => !ctx.options.only || ctx.options.only.includes(a.provider));
  try {
    const plan = await makePlan(ctx, loaded, pool);
    ctx.out(renderPlan(plan, ctx.style));
    const drift: Record<string, number> = {};
    for (const c of plan.changes) drift[c.provider] = (drift[c.provider] ?? 0) + 1;
    const errors = plan.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
    let results: ChangeResult[] = [];
    if (mode === "apply" && !plan.refusal) {
      const report = await applyPlan(ctx, loaded, plan, pool, signal);
      ctx.out(renderResults(plan, report.results, ctx.style));
      results = report.results;
    }
    const failed = results.filter((r) => r.status === "failed").length;
    return summary({
      ok: errors.length === 0 && failed === 0,
      drift: hasChanges(plan) ? drift : {},
      applied: results.filter((r) => r.status === "applied").length,
      failed,
      errors,
      scopes: scopeCounts(plan, loaded.state.instances, results),
      requests: tally.snapshot(accounts),
      changes: changeNotes(plan, results),
    });
  } catch (error) {
    return summary({ errors: [(error as Error).message], requests: tally.snapshot(accounts) });
  } finally {
    await pool.close();
    await loaded.close();
  }
}

/** `run`: once (exit status says how it went), or on a schedule until SIGTERM. */
export async function runCommand(ctx: Context): Promise<number> {
  const { mode, metricsFile, metricsPort, pushgateway, slackWebhookEnv, notifyState, schedule, timeZone } = ctx.options;
  const config = observabilityConfig(ctx.env, { metricsFile, pushgateway, slackWebhookEnv, notifyState });
  const stateFile = config.slack?.stateFile;
  // A single run without a state file cannot tell new drift from old: each notice is a first one.
  const notices = stateFile ? fileStore(stateFile) : memoryStore();
  if (metricsPort !== undefined && !schedule) {
    ctx.err("error: --metrics-port serves the metrics of a long-lived process: use it with --schedule\n");
    return 1;
  }
  const tally = new RequestTally();
  let latest: RunSummary | undefined;
  let lastSuccess: number | undefined;
  const once = async (signal: AbortSignal) => {
    const summary = await reconcileOnce(ctx, mode, signal, tally);
    if (summary.ok) lastSuccess = finishedSeconds(summary);
    latest = summary;
    // A reporting failure is logged by reportRun and never fails the run.
    await reportRun(summary, config, {
      logger: ctx.logger,
      redact: (s) => ctx.redactor.redact(s),
      write: (l) => ctx.out(l),
      notices,
    });
    return summary;
  };
  if (schedule) {
    let server: MetricsServer | undefined;
    if (metricsPort !== undefined) {
      server = await serveMetrics({
        port: metricsPort,
        registry: () => latest && metricsRegistry(latest, { labels: { mode }, lastSuccess }),
      });
      ctx.logger.info("serving metrics", { port: server.port, path: "/metrics" });
    }
    try {
      await runOnSchedule({ schedule, timeZone, runOnce: once, logger: ctx.logger });
    } finally {
      await server?.close();
    }
    return 0;
  }
  const shutdown = abortOnShutdown(ctx.logger);
  try {
    const summary = await once(shutdown.signal);
    if (!summary.ok) return 1;
    return ctx.options.detailedExitcode && Object.keys(summary.drift).length > 0 ? 2 : 0;
  } finally {
    shutdown.dispose();
  }
}
