import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { memoryProvider, type Store, type Thing } from "../../test/support/memory-provider.js";
import { loadDesiredStateText } from "../config/index.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, type Provider } from "../core/kind.js";
import { Redactor, silentLogger } from "../core/log.js";
import { type Change, hasChanges } from "../core/plan.js";
import { applyRun, planRun, SessionPool } from "./index.js";
import { applyPolicies } from "./policies.js";
import { checkSavedPlan } from "./saved-plan.js";

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

async function setup(text: string, store: Store, failOn?: Set<string>, shareTarget = false) {
  const providers = new Map<string, Provider>([["memory", memoryProvider(store, failOn, shareTarget) as Provider]]);
  const loaded = loadDesiredStateText(text, "test.yaml", providers);
  assert.deepEqual(
    loaded.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  const state = loaded.state!;
  const opts = { providers, env: {}, logger: silentLogger, now: () => new Date("2026-01-01T00:00:00Z") };
  const pool = new SessionPool(providers, {}, silentLogger, {
    secrets: new Redactor(),
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  });
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
    assert.match(plan.refusal ?? "", /deletes 2 things, more than blast_radius.max_deletes \(1\)/);
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
      id: "memory/eu-account/thing/web-eu#delete",
      object: "web-eu",
      target: "memory/eu-account/thing/web-eu",
      status: "pending",
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

  it("adopts an object made by hand only when asked, then updates it as usual", async () => {
    const store: Store = new Map([["web", { value: "by hand", owned: false }]]);
    const { state, opts, pool } = await setup(yaml(`      - { name: web, value: declared }`), store);
    const unasked = await planRun(state, opts, pool);
    assert.deepEqual(
      unasked.changes.map((c) => c.action),
      ["manual"],
    );
    const plan = await planRun(state, { ...opts, adopt: true }, pool);
    assert.deepEqual(
      plan.changes.map((c) => c.id),
      ["memory/mem/thing/web#adopt", "memory/mem/thing/web#update"],
    );
    assert.equal(plan.summary.adopt, 1);
    assert.equal(plan.scope.adopt, true);
    assert.ok(hasChanges({ ...plan, changes: [], summary: { ...plan.summary, update: 0 } }));
    assert.deepEqual(plan.coverage[0]?.cells, { us: "not-declared", eu: "not-declared", "*": "will-change" });
    const adoptOnly = { ...plan, changes: plan.changes.filter((c) => c.action === "adopt") };
    await applyRun(adoptOnly, state.accounts, pool, { concurrency: 1, logger: silentLogger });
    assert.deepEqual(store.get("web"), { value: "by hand", owned: true }, "adoption leaves the content as it is");
    const after = await planRun(state, opts, pool);
    assert.deepEqual(
      after.changes.map((c) => c.action),
      ["update"],
    );
  });

  it("adopts for a declaration that says adopt: true, and shows it in the coverage matrix", async () => {
    const store: Store = new Map([["web", { value: "v", owned: false }]]);
    const { state, opts, pool } = await setup(yaml(`      - { name: web, value: v, adopt: true }`), store);
    const plan = await planRun(state, opts, pool);
    assert.deepEqual(
      plan.changes.map((c) => c.action),
      ["adopt"],
    );
    assert.deepEqual(plan.coverage[0]?.cells, { us: "not-declared", eu: "not-declared", "*": "will-adopt" });
  });

  it("builds every change id from provider, account, kind, object and action", async () => {
    const { state, opts, pool } = await setup(
      yaml(`      - { name: "web-\${region.name}", regions: [us], value: v }`),
      new Map(),
    );
    const plan = await planRun(state, opts, pool);
    assert.equal(plan.changes[0]?.id, "memory/mem/thing/web-us#create");
    assert.equal(plan.changes[0]?.target, "memory/mem/thing/web-us");
  });

  it("fails a change whose payload does not match its kind's schema, without calling the vendor", async () => {
    const store: Store = new Map();
    const { state, opts, pool } = await setup(yaml(`      - { name: web, value: v }`), store);
    const plan = await planRun(state, opts, pool);
    const tampered = { ...plan, changes: plan.changes.map((c) => ({ ...c, payload: { value: 42 } })) };
    const report = await applyRun(tampered, state.accounts, pool, { concurrency: 1, logger: silentLogger });
    assert.equal(report.results[0]?.status, "failed");
    assert.match(report.results[0]?.message ?? "", /memory\/mem\/thing\/web#create: payload\.value: /);
    assert.equal(store.size, 0);
  });

  it("a failure skips later changes to its object only, not other objects sharing its target", async () => {
    const store: Store = new Map([["old", { value: "x", owned: true }]]);
    const { state, opts, pool } = await setup(
      yaml(
        `      - { name: broken, value: b }\n      - { name: fine, value: c }`,
        "settings: { allow_delete: true, blast_radius: { max_delete_percent: 100 } }",
      ),
      store,
      new Set(["broken"]),
      true,
    );
    const plan = await planRun(state, opts, pool);
    assert.ok(plan.changes.every((c) => c.target === "one-ledger"));
    const report = await applyRun(plan, state.accounts, pool, { concurrency: 1, logger: silentLogger });
    assert.deepEqual(report.results.map((r) => `${r.changeId} ${r.status}`).sort(), [
      "memory/mem/thing/broken#create failed",
      "memory/mem/thing/fine#create applied",
      "memory/mem/thing/old#delete applied",
    ]);
  });
});
