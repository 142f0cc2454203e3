/** The engine, knowing no vendor: observe → plan (pure) → policies, and separately apply. */
export { type ApplyOptions, type ApplyReport, applyRun } from "./apply.js";
export { type EngineOptions, type ProgressEvent, planRun, scopeOf } from "./plan.js";
export { checkSavedPlan, type Staleness, savedPlanProblems } from "./saved-plan.js";
export { SessionPool } from "./session-pool.js";
