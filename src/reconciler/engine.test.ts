import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { z } from "zod";
import { loadDesiredStateText } from "../config/load.js";
import { silentLogger } from "../core/log.js";
import type { Change, Instance, Provider } from "../core/types.js";
import { applyRun, planRun, SessionPool } from "./engine.js";
import { applyPolicies } from "./policies.js";
import { checkSavedPlan } from "./saved-plan.js";

/** An in-memory vendor: enough to exercise the engine's policies without any vendor. */
interface Thing {
  value: string;
  owned: boolean;
}

function memoryProvider(store: Map<string, Thing>, failOn = new Set<string>()): Provider<unknown, Map<string, Thing>> {
  const digest = (t: Thing | undefined) =>
    createHash("sha1")
      .update(JSON.stringify(t ?? null))
      .digest("hex");
  return {
    name: "memory",
    description: "test vendor",
    accountSchema: z.strictObject({}),
    kinds: [
      {
        key: "things",
        kind: "thing",
        description: "a thing",
        schema: z.strictObject({ value: z.string() }),
        sharing: "one",
        identity: (i: Instance) => (i.spec as { name: string }).name,
      },
    ],
    validate: () => [],
    connect: async () => store,
    observe: async (session) => ({
      account: "mem",
      state: new Map(session),
      owned: { thing: [...session.values()].filter((t) => t.owned).length },
      diagnostics: [],
    }),
    plan(instances, observation) {
      const state = observation.state as Map<string, Thing>;
      const changes: Change[] = [];
      const desired = new Set<string>();
      for (const i of instances) {
        const spec = i.spec as { name: string; value: string };
        desired.add(spec.name);
        const current = state.get(spec.name);
        const base = {
          provider: "memory",
          account: i.account,
          kind: "thing",
          name: spec.name,
          declarations: [i.declaration],
          regions: i.region ? [i.region] : [],
          policy: i.policy,
          basis: digest(current),
          payload: { value: spec.value },
        };
        if (!current) {
          changes.push({
            ...base,
            id: `create:${spec.name}`,
            action: "create",
            diffs: [{ path: "value", op: "add", after: spec.value }],
          });
        } else if (current.value !== spec.value) {
          changes.push({
            ...base,
            id: `update:${spec.name}`,
            action: "update",
            diffs: [{ path: "value", op: "change", before: current.value, after: spec.value }],
          });
        }
      }
      for (const [name, thing] of state) {
        if (thing.owned && !desired.has(name)) {
          changes.push({
            id: `delete:${name}`,
            provider: "memory",
            account: "mem",
            kind: "thing",
            name,
            declarations: [],
            regions: [],
            policy: "manage",
            action: "delete",
            deleteCount: 1,
            diffs: [],
            basis: digest(thing),
          });
        }
      }
      return { changes, diagnostics: [] };
    },
    async apply(session, change) {
      if (failOn.has(change.name)) throw new Error(`vendor refused ${change.name}`);
      if (change.action === "delete") session.delete(change.name);
      else session.set(change.name, { value: (change.payload as { value: string }).value, owned: true });
      return { changeId: change.id, status: "applied" };
    },
  };
}

const yaml = (things: string, settings = "") => `version: 1
${settings}
regions:
  us: { hosts: [app.example.com], cloud_region: us-east-1 }
  eu: { hosts: [eu.example.com], cloud_region: eu-west-1 }
accounts:
  mem: { provider: memory }
resources:
  memory:
    things:
${things}`;

async function setup(text: string, store: Map<string, Thing>, failOn?: Set<string>) {
  const providers = new Map<string, Provider>([["memory", memoryProvider(store, failOn) as Provider]]);
  const loaded = loadDesiredStateText(text, "test.yaml", providers);
  assert.deepEqual(
    loaded.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  const state = loaded.state!;
  const opts = { providers, env: {}, logger: silentLogger, now: () => new Date("2026-01-01T00:00:00Z") };
  const pool = new SessionPool(providers, {}, silentLogger);
  return { state, opts, pool };
}

describe("engine", () => {
  it("plans per region, applies, and converges to no changes", async () => {
    const store = new Map<string, Thing>();
    const { state, opts, pool } = await setup(
      yaml(`      - { name: "web-\${region.name}", regions: [us, eu], value: "\${region.host}" }`),
      store,
    );
    const plan = await planRun(state, opts, pool);
    assert.equal(plan.summary.create, 2);
    assert.deepEqual(plan.coverage[0]?.cells, { us: "will-change", eu: "will-change" });
    const report = await applyRun(plan, state.accounts, pool, { concurrency: 2, logger: silentLogger });
    assert.ok(report.ok);
    assert.equal(store.get("web-eu")?.value, "eu.example.com");
    const again = await planRun(state, opts, pool);
    assert.equal(again.changes.length, 0);
    assert.deepEqual(again.coverage[0]?.cells, { us: "in-sync", eu: "in-sync" });
  });

  it("reports drift on observe-only resources and never applies it", async () => {
    const store = new Map<string, Thing>([["web", { value: "old", owned: true }]]);
    const { state, opts, pool } = await setup(yaml(`      - { name: web, policy: observe, value: new }`), store);
    const plan = await planRun(state, opts, pool);
    assert.equal(plan.changes[0]?.status, "observe-only");
    assert.equal(plan.summary.drift, 1);
    assert.equal(plan.summary.update, 0);
    const report = await applyRun(plan, state.accounts, pool, { concurrency: 1, logger: silentLogger });
    assert.equal(report.results.length, 0);
    assert.equal(store.get("web")?.value, "old");
  });

  it("holds deletes of owned objects back unless deletes are allowed", async () => {
    const store = new Map<string, Thing>([
      ["gone", { value: "x", owned: true }],
      ["web", { value: "v", owned: true }],
      ["hand-made", { value: "y", owned: false }],
    ]);
    const { state, opts, pool } = await setup(
      yaml(`      - { name: web, value: v }`, "settings: { blast_radius: { max_delete_percent: 100 } }"),
      store,
    );
    const held = await planRun(state, opts, pool);
    assert.equal(held.changes[0]?.status, "held");
    await applyRun(held, state.accounts, pool, { concurrency: 1, logger: silentLogger });
    assert.ok(store.has("gone"));
    const allowed = await planRun(state, { ...opts, allowDelete: true }, pool);
    assert.equal(allowed.changes[0]?.status, "pending");
    await applyRun(allowed, state.accounts, pool, { concurrency: 1, logger: silentLogger });
    assert.ok(!store.has("gone"));
    assert.ok(store.has("hand-made"), "an object regionsync does not own is never deleted");
  });

  it("refuses a plan that deletes more than the blast radius allows", async () => {
    const store = new Map<string, Thing>([
      ["a", { value: "x", owned: true }],
      ["b", { value: "x", owned: true }],
      ["keep", { value: "x", owned: true }],
    ]);
    const { state, opts, pool } = await setup(
      yaml(`      - { name: keep, value: x }`, "settings: { blast_radius: { max_deletes: 1 } }"),
      store,
    );
    const plan = await planRun(state, { ...opts, allowDelete: true }, pool);
    assert.match(plan.refusal ?? "", /deletes 2 owned objects, more than blast_radius.max_deletes \(1\)/);
    const overridden = await planRun(state, { ...opts, allowDelete: true, overrideBlastRadius: true }, pool);
    assert.equal(overridden.refusal, undefined);
  });

  it("carries on with independent changes when one fails", async () => {
    const store = new Map<string, Thing>();
    const { state, opts, pool } = await setup(
      yaml(
        `      - { name: ok-one, value: a }\n      - { name: broken, value: b }\n      - { name: ok-two, value: c }`,
      ),
      store,
      new Set(["broken"]),
    );
    const plan = await planRun(state, opts, pool);
    const report = await applyRun(plan, state.accounts, pool, { concurrency: 1, logger: silentLogger });
    assert.equal(report.ok, false);
    assert.deepEqual(report.results.map((r) => r.status).sort(), ["applied", "applied", "failed"]);
    assert.ok(store.has("ok-one") && store.has("ok-two"));
  });

  it("narrows to one region and one provider", async () => {
    const store = new Map<string, Thing>();
    const { state, opts, pool } = await setup(
      yaml(`      - { name: "web-\${region.name}", regions: [us, eu], value: v }`),
      store,
    );
    const plan = await planRun(state, { ...opts, region: "eu" }, pool);
    assert.deepEqual(
      plan.changes.map((c) => c.name),
      ["web-eu"],
    );
    assert.deepEqual(plan.regions, ["eu"]);
    const none = await planRun(state, { ...opts, only: ["auth0"] }, pool);
    assert.equal(none.changes.length, 0);
  });

  it("finds a saved plan stale when the vendor object changed since", async () => {
    const store = new Map<string, Thing>([["web", { value: "old", owned: true }]]);
    const { state, opts, pool } = await setup(yaml(`      - { name: web, value: new }`), store);
    const saved = await planRun(state, opts, pool);
    assert.equal(checkSavedPlan(saved, await planRun(state, opts, pool), state.digest).stale, false);
    store.set("web", { value: "edited by a person", owned: true });
    const result = checkSavedPlan(saved, await planRun(state, opts, pool), state.digest);
    assert.equal(result.stale, true);
    assert.match(result.reasons[0]!, /changed since the plan was saved/);
    assert.equal(checkSavedPlan(saved, saved, "other digest").stale, true);
  });

  it("a resource's allow_delete covers deletes in an account its regions no longer reach", () => {
    const instance = {
      id: "memory/thing/web@us",
      provider: "memory",
      kind: "thing",
      declaration: "memory/thing/web",
      region: "us",
      account: "us-account",
      policy: "manage" as const,
      allowDelete: true,
      spec: {},
      fieldPositions: {},
    };
    const change: Change = {
      id: "delete:web-eu",
      provider: "memory",
      account: "eu-account",
      kind: "thing",
      name: "web-eu",
      declarations: ["memory/thing/web"],
      regions: ["eu"],
      action: "delete",
      policy: "manage",
      diffs: [],
      basis: "x",
    };
    const policy = { allowDelete: false, maxDeletes: 10, maxDeletePercent: 100, overrideBlastRadius: false };
    assert.equal(applyPolicies([change], [instance], policy)[0]?.status, "pending");
    assert.equal(applyPolicies([change], [{ ...instance, allowDelete: false }], policy)[0]?.status, "held");
  });
});
