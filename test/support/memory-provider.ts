/** An in-memory vendor with one kind, for the engine's unit tests: enough to exercise policies without any vendor. */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ChangeDraft, Kind, Provider } from "../../src/core/kind.js";

export interface Thing {
  value: string;
  owned: boolean;
}

const thingPayload = z.strictObject({ value: z.string() });

const digest = (t: Thing | undefined) =>
  createHash("sha1")
    .update(JSON.stringify(t ?? null))
    .digest("hex");

type ThingPayload = z.infer<typeof thingPayload> | undefined;

function thingKind(failOn: Set<string>, shareTarget: boolean): Kind<{ value: string }, Store, Store, ThingPayload> {
  return {
    key: "things",
    kind: "thing",
    description: "a thing",
    schema: z.strictObject({ value: z.string() }),
    payload: thingPayload.optional(),
    sharing: "one",
    identity: (i) => (i.spec as unknown as { name: string }).name,
    observe: async (session) => ({
      state: new Map(session),
      owned: [...session.values()].filter((t) => t.owned).length,
      diagnostics: [],
    }),
    plan(instances, observed) {
      const state = observed.state;
      const changes: ChangeDraft<ThingPayload>[] = [];
      const desired = new Set<string>();
      const target = shareTarget ? { target: "one-ledger" } : {};
      for (const i of instances) {
        const spec = i.spec as { name: string; value: string };
        desired.add(spec.name);
        const current = state.get(spec.name);
        const base = {
          object: spec.name,
          name: spec.name,
          declarations: [i.declaration],
          regions: i.region ? [i.region] : [],
          policy: i.policy,
          basis: digest(current),
          payload: { value: spec.value },
          ...target,
        };
        if (!current) {
          changes.push({ ...base, action: "create", diffs: [{ path: "value", op: "add", after: spec.value }] });
        } else if (current.value !== spec.value) {
          changes.push({
            ...base,
            action: "update",
            diffs: [{ path: "value", op: "change", before: current.value, after: spec.value }],
          });
        }
      }
      for (const [name, thing] of state) {
        if (thing.owned && !desired.has(name)) {
          changes.push({
            object: name,
            name,
            declarations: [],
            regions: [],
            action: "delete",
            delete_count: 1,
            diffs: [],
            basis: digest(thing),
            ...target,
          });
        }
      }
      return { changes, diagnostics: [] };
    },
    async apply(session, change) {
      if (failOn.has(change.name)) throw new Error(`vendor refused ${change.name}`);
      if (change.action === "delete") session.delete(change.name);
      else session.set(change.name, { value: change.payload!.value, owned: true });
      return {};
    },
  };
}

export type Store = Map<string, Thing>;

export function memoryProvider(
  store: Store,
  failOn = new Set<string>(),
  shareTarget = false,
): Provider<unknown, Store> {
  return {
    name: "memory",
    description: "test vendor",
    accountSchema: z.strictObject({}),
    kinds: [thingKind(failOn, shareTarget)],
    trust: { credentialPrefixes: ["T"], destinations: () => [], vendorOwned: () => true },
    codes: {},
    connect: async () => store,
  };
}
