/**
 * The outputs that flow between accounts in one run: read from each producer after it is observed, overwritten by
 * what apply writes (a new application's client id and secret), and handed to the accounts that use them. Values live
 * in memory only; a plan and its payloads carry references (`BoundRef`), never values.
 */
import type { Provider } from "../core/kind.js";
import { type BoundRef, type Inputs, type InputValue, refLabel } from "../core/outputs.js";
import type { Instance, InstanceReference } from "../core/types.js";

interface Entry {
  values?: Record<string, string>;
  failed?: string;
}

const keyOf = (ref: BoundRef) => JSON.stringify([ref.from, ref.output, ref.region]);

export class OutputStore {
  private readonly entries = new Map<string, Entry>();
  private readonly producers = new Map<string, InstanceReference>();
  /** The accounts whose instances use each reference. */
  private readonly consumers = new Map<string, Set<string>>();
  private instances: readonly Instance[] = [];

  /** Learns which references the run's instances make. */
  register(instances: readonly Instance[]): void {
    this.instances = instances;
    for (const i of instances) {
      for (const r of i.references ?? []) {
        this.producers.set(keyOf(r.ref), r);
        this.consumers.set(keyOf(r.ref), (this.consumers.get(keyOf(r.ref)) ?? new Set()).add(i.account));
      }
    }
  }

  /**
   * What the accounts of this run want from each of `account`'s instances: output names by producer instance. An
   * output no account of the run uses (a client secret, with `--only auth0`) is never read.
   */
  wantedFrom(account: string, run: ReadonlySet<string>): Map<Instance, string[]> {
    const wanted = new Map<string, Set<string>>();
    for (const [key, r] of this.producers) {
      if (r.account !== account || ![...(this.consumers.get(key) ?? [])].some((a) => run.has(a))) continue;
      wanted.set(r.producer, (wanted.get(r.producer) ?? new Set()).add(r.ref.output));
    }
    const out = new Map<Instance, string[]>();
    for (const i of this.instances) {
      const names = wanted.get(i.id);
      if (names) out.set(i, [...names]);
    }
    return out;
  }

  /** The accounts whose outputs `account`'s instances use (read and applied first). */
  dependencies(account: string): Set<string> {
    return new Set(
      this.instances.filter((i) => i.account === account).flatMap((i) => (i.references ?? []).map((r) => r.account)),
    );
  }

  instance(id: string): Instance | undefined {
    return this.instances.find((i) => i.id === id);
  }

  /** The producer behind a reference, if the run knows it. */
  producerOf(ref: BoundRef): InstanceReference | undefined {
    return this.producers.get(keyOf(ref));
  }

  set(producer: string, values: Record<string, string> | undefined): void {
    const entry = this.entries.get(producer);
    this.entries.set(producer, values ? { values: { ...entry?.values, ...values } } : {});
  }

  fail(producer: string, reason: string): void {
    this.entries.set(producer, { failed: reason });
  }

  /** Records what a change wrote for the producer instances it serves. */
  written(change: { account: string; declarations: string[]; regions: string[] }, values: Record<string, string>) {
    for (const i of this.instances) {
      const serves = change.regions.length === 0 || change.regions.includes(i.region ?? "");
      if (i.account === change.account && change.declarations.includes(i.declaration) && serves) this.set(i.id, values);
    }
  }

  private readonly published = new Map<string, { done: Promise<void>; resolve(): void }>();

  private publication(account: string) {
    let entry = this.published.get(account);
    if (!entry) {
      let resolve = () => {};
      const done = new Promise<void>((r) => {
        resolve = r;
      });
      entry = { done, resolve };
      this.published.set(account, entry);
    }
    return entry;
  }

  /** `account`'s outputs are read (or known to be unavailable): the accounts that use them may go on. */
  markPublished(account: string): void {
    this.publication(account).resolve();
  }

  /** The inputs of one account of a run: ready once the accounts of the run it uses have published. */
  inputsFor(account: string, run: ReadonlySet<string>): Inputs {
    const waitFor = [...this.dependencies(account)].filter((a) => a !== account && run.has(a));
    return {
      ready: async () => {
        await Promise.all(waitFor.map((a) => this.publication(a).done));
      },
      get: this.inputs.get,
    };
  }

  /** Every output as known now, for apply (producers applied earlier in the run included). */
  readonly inputs: Inputs = {
    ready: async () => {},
    get: (ref: BoundRef): InputValue => {
      const producer = this.producerOf(ref);
      const sensitive = producer?.sensitive ?? true;
      if (!producer) return { known: false, sensitive, failed: `${refLabel(ref)} is not declared` };
      const entry = this.entries.get(producer.producer);
      if (entry?.failed) return { known: false, sensitive, failed: entry.failed };
      const value = entry?.values?.[ref.output];
      return value === undefined ? { known: false, sensitive } : { known: true, value, sensitive };
    },
  };
}

/** The sensitive output names of a producer instance's kind. */
export function sensitiveOutputs(providers: ReadonlyMap<string, Provider>, instance: Instance): Set<string> {
  const kind = providers.get(instance.provider)?.kinds.find((k) => k.kind === instance.kind);
  return new Set(
    Object.entries(kind?.outputs?.names ?? {})
      .filter(([, spec]) => spec.sensitive)
      .map(([name]) => name),
  );
}

/** Accounts in dependency order: each wave uses only outputs of earlier waves. */
export function waves(accounts: readonly string[], dependencies: (account: string) => Set<string>): string[][] {
  const left = new Set(accounts);
  const out: string[][] = [];
  while (left.size > 0) {
    const ready = [...left].filter((a) => [...dependencies(a)].every((d) => !left.has(d) || d === a));
    // The loader refuses cycles; should one slip through, the rest run together rather than never.
    const wave = ready.length > 0 ? ready : [...left];
    for (const a of wave) left.delete(a);
    out.push(wave);
  }
  return out;
}
