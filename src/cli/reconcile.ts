/** The plan and apply steps shared by the plan, apply, run and sandbox commands. */
import type { Plan } from "../core/plan.js";
import { proxiedFetch } from "../core/proxy.js";
import type { RequestTally } from "../core/request-counter.js";
import {
  type ApplyReport,
  applyRun,
  type EngineOptions,
  type ProgressEvent,
  planRun,
  SessionPool,
} from "../reconciler/index.js";
import { type Context, type Loaded, loadState } from "./context.js";

function progress(ctx: Context): ((e: ProgressEvent) => void) | undefined {
  if (!ctx.io.stderr.isTTY || ctx.options.json) return undefined;
  return (e) => {
    if (e.done === e.total) ctx.status.clear();
    else ctx.status.show(`${e.phase === "observe" ? "Observing" : "Applying"} ${e.done}/${e.total}: ${e.label}`);
  };
}

export function engineOptions(ctx: Context, loaded: Loaded): EngineOptions {
  const { only, region, allowDelete, overrideBlastRadius } = ctx.options;
  return {
    providers: ctx.providers,
    env: loaded.env,
    logger: ctx.logger,
    only: only ? [...only] : undefined,
    region,
    allowDelete: allowDelete || undefined,
    overrideBlastRadius,
    onProgress: progress(ctx),
  };
}

/** Problems with --only / --region, reported before any vendor is contacted. */
export function scopeErrors(ctx: Context, loaded: Loaded): string[] {
  const opts = engineOptions(ctx, loaded);
  const errors: string[] = [];
  for (const p of opts.only ?? []) {
    if (!ctx.providers.has(p))
      errors.push(`--only: unknown provider '${p}' (known: ${[...ctx.providers.keys()].join(", ")})`);
  }
  if (opts.region && !loaded.state.regions.some((r) => r.name === opts.region)) {
    errors.push(
      `--region: unknown region '${opts.region}' (declared: ${loaded.state.regions.map((r) => r.name).join(", ")})`,
    );
  }
  return errors;
}

export async function makePlan(ctx: Context, loaded: Loaded, pool: SessionPool): Promise<Plan> {
  return planRun(loaded.state, engineOptions(ctx, loaded), pool);
}

/**
 * Sessions send through the operator's proxy (`HTTPS_PROXY`, `NO_PROXY`, from the run's environment: the sandbox's
 * has none, so its loopback emulators are reached directly). `tally` counts each account's requests, for the metrics.
 */
export function newPool(ctx: Context, loaded: Loaded, tally?: RequestTally): SessionPool {
  return new SessionPool(ctx.providers, loaded.env, ctx.logger, {
    secrets: ctx.redactor,
    requestTimeoutMs: ctx.requestTimeoutMs,
    fetch: proxiedFetch(loaded.env),
    ...(tally ? { tally } : {}),
  });
}

export async function applyPlan(
  ctx: Context,
  loaded: Loaded,
  plan: Plan,
  pool: SessionPool,
  signal?: AbortSignal,
): Promise<ApplyReport> {
  return applyRun(plan, loaded.state.accounts, pool, {
    concurrency: loaded.state.settings.concurrency,
    logger: ctx.logger,
    onProgress: progress(ctx),
    signal,
  });
}

/**
 * Loads the desired state (from `text` when given), checks --only and --region, and hands a session pool to `body`;
 * everything opened is closed afterwards, whatever happens. Returns 1 (nothing contacted) when the file or the scope
 * is invalid.
 */
export async function withSession(
  ctx: Context,
  body: (loaded: Loaded, pool: SessionPool) => Promise<number>,
  text?: string,
): Promise<number> {
  const loaded = await loadState(ctx, text);
  if (!loaded) return 1;
  const pool = newPool(ctx, loaded);
  try {
    const problems = scopeErrors(ctx, loaded);
    if (problems.length) {
      for (const p of problems) ctx.err(`error: ${p}\n`);
      return 1;
    }
    return await body(loaded, pool);
  } finally {
    await pool.close();
    await loaded.close();
  }
}
