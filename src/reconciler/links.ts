/**
 * Accounts linked by output references: which accounts a run must observe (the producers of what it plans), the
 * publishing of each producer's outputs after it is observed, and holding a change whose input will not exist.
 */
import type { Kind, KindObservation } from "../core/kind.js";
import { boundRefsIn, refLabel } from "../core/outputs.js";
import type { Change } from "../core/plan.js";
import type { Account, Diagnostic, Instance, Logger } from "../core/types.js";
import type { AccountLinks } from "./observe.js";
import { type OutputStore, sensitiveOutputs } from "./outputs.js";
import type { SessionPool } from "./session-pool.js";

/** The accounts in scope plus every account whose outputs they use, transitively. */
export function withProducers(inScope: readonly Account[], all: readonly Account[], store: OutputStore): Account[] {
  const names = new Set(inScope.map((a) => a.name));
  const queue = [...names];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const dep of store.dependencies(name)) {
      if (!names.has(dep)) {
        names.add(dep);
        queue.push(dep);
      }
    }
  }
  return all.filter((a) => names.has(a.name));
}

export function linksFor(account: Account, run: ReadonlySet<string>, pool: SessionPool, logger: Logger): AccountLinks {
  const store = pool.outputs;
  const wanted = store.wantedFrom(account.name, run);
  let published = false;
  return {
    inputs: store.inputsFor(account.name, run),
    unavailable: (reason) => {
      if (published) return;
      for (const instance of wanted.keys()) store.fail(instance.id, reason);
      published = true;
      store.markPublished(account.name);
    },
    async publish(session, observed: ReadonlyMap<Kind, KindObservation<unknown>>) {
      for (const [instance, names] of wanted) {
        const kind = [...observed.keys()].find((k) => k.kind === instance.kind);
        if (!kind?.outputs) continue;
        try {
          const values = await kind.outputs.read(session, observed.get(kind)!.state, instance, names);
          const sensitive = sensitiveOutputs(pool.providers, instance);
          for (const [name, value] of Object.entries(values ?? {})) if (sensitive.has(name)) pool.secret(value);
          store.set(instance.id, values);
        } catch (error) {
          const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
          logger.error("outputs unreadable", { account: account.name, instance: instance.id, error: message });
          store.fail(instance.id, `the outputs of ${instance.id} could not be read: ${message}`);
        }
      }
      published = true;
      store.markPublished(account.name);
    },
  };
}

/**
 * A pending change whose input is unknown waits for the change that creates its producer; without one (the producer
 * is missing and not created, or could not be read) it is held, so apply never writes half a value.
 */
export function holdWaiting(changes: Change[], store: OutputStore): Change[] {
  const creates = (account: string, declaration: string, region: string | null) =>
    changes.some(
      (c) =>
        c.status === "pending" &&
        c.action === "create" &&
        c.account === account &&
        c.declarations.includes(declaration) &&
        (c.regions.length === 0 || c.regions.includes(region ?? "")),
    );
  return changes.map((c) => {
    if (c.status !== "pending") return c;
    for (const ref of boundRefsIn(c.payload)) {
      const value = store.inputs.get(ref);
      if (value.known) continue;
      const producer = store.producerOf(ref);
      const instance = producer && store.instance(producer.producer);
      const [provider, , ...name] = ref.from.split("/");
      if (instance && !value.failed && creates(instance.account, instance.declaration, instance.region)) continue;
      const why = value.failed ?? `${provider} '${name.join("/")}' does not exist and this plan does not create it`;
      return { ...c, status: "held", held_reason: `waits for ${refLabel(ref)}: ${why}` };
    }
    return c;
  });
}

/** An output that could not be read is an error on each instance that uses it: its value is left as it is. */
export function unavailableInputs(store: OutputStore, instances: readonly Instance[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const instance of instances) {
    for (const r of instance.references ?? []) {
      const input = store.inputs.get(r.ref);
      if (input.known || !input.failed) continue;
      out.push({
        severity: "error",
        code: "output-unavailable",
        message: `${instance.id}: ${r.field} comes from ${refLabel(r.ref)}, which could not be read: ${input.failed}`,
        hint: "nothing that depends on it was planned; check the producing account and run again",
        instance: instance.id,
      });
    }
  }
  return out;
}
