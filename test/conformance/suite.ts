/**
 * The one suite every provider passes against its emulator (after Hono's shared router suite and
 * crossplane-runtime's external-client contract). A provider's test file calls `runConformanceSuite` with a factory
 * for a freshly seeded emulator and a desired state pointed at it; the suite drives the real engine, the real
 * provider and the vendor's official SDK over HTTP.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadDesiredStateText } from "../../src/config/index.js";
import type { Provider } from "../../src/core/kind.js";
import { silentLogger } from "../../src/core/log.js";
import type { Plan } from "../../src/core/plan.js";
import type { Env } from "../../src/core/types.js";
import { applyRun, planRun, SessionPool } from "../../src/reconciler/index.js";
import { connectOptions } from "../support/connect.js";

export interface ConformanceEmulator {
  url: string;
  /** Requests that changed vendor state, as the emulator logged them. */
  writes(): unknown[];
  /** Identities of every vendor object (owned or not), to detect duplicates. */
  inventory(): string[] | Promise<string[]>;
  /** A snapshot of everything regionsync does not own; it must never change. */
  unowned(): unknown;
  close(): Promise<void>;
}

export interface ConformanceTarget {
  provider: Provider;
  /** A freshly seeded emulator: something to change, and objects regionsync does not own. */
  start(): Promise<ConformanceEmulator>;
  /** The desired state, with every account's `endpoint` set to `url`; it must plan at least one change. */
  desiredState(url: string): string;
  /** The desired state with one declaration removed, so something regionsync created becomes a delete. */
  desiredStateWithoutOne(url: string): string;
  env: Env;
}

/** The engine over a desired state pointed at the emulator, which the operator allows as an endpoint. */
function engineFor(target: ConformanceTarget, text: string, url: string) {
  const providers = new Map<string, Provider>([[target.provider.name, target.provider]]);
  const loaded = loadDesiredStateText(text, "conformance.yaml", providers, { REGIONSYNC_ALLOWED_ENDPOINTS: url });
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors, [], "the conformance desired state must be valid");
  const state = loaded.state!;
  const pool = new SessionPool(providers, target.env, silentLogger, connectOptions());
  const plan = (allowDelete = false) =>
    planRun(state, { providers, env: target.env, logger: silentLogger, allowDelete }, pool);
  const apply = (p: Plan) => applyRun(p, state.accounts, pool, { concurrency: 4, logger: silentLogger });
  return { plan, apply, close: () => pool.close() };
}

const pendingOf = (plan: Plan) => plan.changes.filter((c) => c.status === "pending");

type Engine = ReturnType<typeof engineFor>;

/** A fresh emulator and the engines a test makes over it, all closed afterwards whatever happens. */
async function onEmulator(
  target: ConformanceTarget,
  body: (emulator: ConformanceEmulator, engine: (text: string) => Engine) => Promise<void>,
): Promise<void> {
  const emulator = await target.start();
  const engines: Engine[] = [];
  try {
    await body(emulator, (text) => {
      const engine = engineFor(target, text, emulator.url);
      engines.push(engine);
      return engine;
    });
  } finally {
    for (const engine of engines) await engine.close();
    await emulator.close();
  }
}

function assertApplied(report: Awaited<ReturnType<Engine["apply"]>>) {
  const failed = report.results.filter((r) => r.status !== "applied");
  assert.deepEqual(failed, [], "every change applies");
}

export function runConformanceSuite(name: string, target: ConformanceTarget): void {
  describe(`${name} conformance`, () => {
    it("observe and plan send no writes", async () => {
      await onEmulator(target, async (emulator, engineOver) => {
        const engine = engineOver(target.desiredState(emulator.url));
        const plan = await engine.plan();
        assert.ok(pendingOf(plan).length > 0, "the seeded vendor needs changes");
        await engine.plan(true);
        assert.deepEqual(emulator.writes(), []);
      });
    });

    it("apply then plan gives no changes, and nothing regionsync does not own is changed", async () => {
      await onEmulator(target, async (emulator, engineOver) => {
        const engine = engineOver(target.desiredState(emulator.url));
        const before = JSON.stringify(emulator.unowned());
        assertApplied(await engine.apply(await engine.plan()));
        const after = await engine.plan();
        assert.deepEqual(pendingOf(after), [], "a plan after apply is empty");
        assert.deepEqual(
          after.diagnostics.filter((d) => d.severity === "error"),
          [],
        );
        assert.equal(JSON.stringify(emulator.unowned()), before);
      });
    });

    it("applying the same plan twice is harmless and creates nothing twice (a killed run is retried)", async () => {
      await onEmulator(target, async (emulator, engineOver) => {
        const engine = engineOver(target.desiredState(emulator.url));
        const plan = await engine.plan();
        assertApplied(await engine.apply(plan));
        const inventory = [...(await emulator.inventory())].sort();
        assertApplied(await engine.apply(plan));
        assert.deepEqual([...(await emulator.inventory())].sort(), inventory, "no duplicates");
        assert.deepEqual(pendingOf(await engine.plan()), []);
      });
    });

    it("deletes only what it owns, only when allowed, and deleting what is gone succeeds", async () => {
      await onEmulator(target, async (emulator, engineOver) => {
        const full = engineOver(target.desiredState(emulator.url));
        const reduced = engineOver(target.desiredStateWithoutOne(emulator.url));
        assertApplied(await full.apply(await full.plan()));
        const unowned = JSON.stringify(emulator.unowned());
        const held = await reduced.plan();
        const deletes = held.changes.filter((c) => c.action === "delete");
        assert.ok(deletes.length > 0, "removing a declaration plans a delete of what regionsync created");
        assert.ok(
          deletes.every((c) => c.status === "held"),
          "deletes are held back unless allowed",
        );
        const writesBefore = emulator.writes().length;
        await reduced.apply(held);
        assert.equal(emulator.writes().length, writesBefore, "a held delete writes nothing");
        const allowed = await reduced.plan(true);
        assertApplied(await reduced.apply(allowed));
        assertApplied(await reduced.apply(allowed));
        assert.deepEqual(pendingOf(await reduced.plan(true)), []);
        assert.equal(JSON.stringify(emulator.unowned()), unowned);
      });
    });
  });
}
