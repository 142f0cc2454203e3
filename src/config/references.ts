/**
 * Output references between declarations (`${auth0.applications.Storefront.client_id}`, `{ from, output }`): each is
 * bound to the instance that produces it in the same region (or the region it names), checked against what the
 * producing kind exposes, and the accounts they link must not form a cycle, so the engine can read and apply
 * producers first. No I/O.
 */
import type { Declaration } from "../core/desired-state.js";
import type { Kind, Provider } from "../core/kind.js";
import { bindRef, isOutputRef, type OutputRef } from "../core/outputs.js";
import type { Instance, InstanceReference, SourcePosition } from "../core/types.js";
import { nameHint } from "./context.js";
import { error, type Findings } from "./findings.js";
import { suggest } from "./issues.js";

/** Every reference written in a spec, by the dotted path of its field. */
export function referencesIn(value: unknown, path = ""): Array<{ field: string; ref: OutputRef }> {
  if (isOutputRef(value)) return [{ field: path, ref: value }];
  const child = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(value)) return value.flatMap((v, i) => referencesIn(v, child(i)));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => referencesIn(v, child(k)));
  }
  return [];
}

interface BindContext {
  instances: readonly Instance[];
  declarations: readonly Declaration[];
  providers: ReadonlyMap<string, Provider>;
  regions: ReadonlySet<string>;
  findings: Findings;
}

/** Binds every instance's references (setting `Instance.references`), reporting each one that cannot be bound. */
export function bindReferences(ctx: BindContext): void {
  for (const instance of ctx.instances) {
    const kind = ctx.providers.get(instance.provider)?.kinds.find((k) => k.kind === instance.kind);
    const wanted = [...referencesIn(instance.spec), ...(kind?.inputs?.(instance) ?? [])];
    const bound = wanted.flatMap(({ field, ref }) => {
      const at = instance.fieldPositions[`${field}.from`] ?? instance.fieldPositions[field] ?? instance.at;
      const reference = bindOne(instance, field, ref, at, ctx);
      return reference ? [reference] : [];
    });
    if (bound.length > 0) instance.references = bound;
  }
  checkCycles(ctx);
}

function bindOne(
  instance: Instance,
  field: string,
  ref: OutputRef,
  at: SourcePosition | undefined,
  ctx: BindContext,
): InstanceReference | undefined {
  const fail = (message: string, hint: string, subject = `${instance.declaration}|${field}`) => {
    ctx.findings.add(error("unknown-reference", `${field}: ${message}`, at, hint), subject);
    return undefined;
  };
  const [providerName = "", key = "", ...rest] = ref.from.split("/");
  const name = rest.join("/");
  const provider = ctx.providers.get(providerName);
  if (!provider) {
    const known = [...ctx.providers.keys()];
    return fail(`no provider '${providerName}'`, nameHint(suggest(providerName, known), `use ${known.join(", ")}`));
  }
  const kind = provider.kinds.find((k) => k.key === key);
  if (!kind) {
    const keys = provider.kinds.map((k) => k.key);
    return fail(
      `${providerName} has no '${key}'`,
      nameHint(suggest(key, keys), `${providerName} has ${keys.join(", ")}`),
    );
  }
  const outputs = kind.outputs?.names ?? {};
  const spec = outputs[ref.output];
  if (!spec) {
    const names = Object.keys(outputs);
    const what = `${providerName} ${key} have no output '${ref.output}'`;
    return fail(what, names.length ? nameHint(suggest(ref.output, names), `outputs: ${names.join(", ")}`) : "");
  }
  const region = ref.region ?? instance.region;
  if (ref.region !== undefined && !ctx.regions.has(ref.region)) {
    return fail(`unknown region '${ref.region}'`, `use one of ${[...ctx.regions].join(", ")}`);
  }
  const candidates = producersNamed(name, kind, providerName, ctx);
  if (candidates.length === 0) {
    const names = ctx.declarations
      .filter((d) => d.provider === providerName && d.kind === kind.kind)
      .map((d) => d.name);
    const hint = nameHint(suggest(name, names), names.length ? `declared: ${names.join(", ")}` : `declare it first`);
    return fail(`no ${providerName} ${key} declaration named '${name}'`, hint);
  }
  const producer = candidates.find((i) => i.region === region) ?? candidates.find((i) => i.region === null);
  if (!producer) {
    const hint = `add ${region} to its regions (or write 'regions: all'), or name another region with 'region:'`;
    return fail(`${providerName} ${key} '${name}' does not serve region '${region}'`, hint, `${field}@${region}`);
  }
  if (producer.account === instance.account) {
    const hint = "references link declarations in different accounts; write the value out instead";
    return fail(
      `${providerName} ${key} '${name}' in ${region} is in this declaration's own account (${producer.account})`,
      hint,
    );
  }
  return {
    field,
    ref: bindRef(ref, instance.region),
    producer: producer.id,
    account: producer.account,
    sensitive: spec.sensitive,
  };
}

/** A declaration is named as written (`Platform-${region.name}`) or by its name in the region (`Platform-eu`). */
function producersNamed(name: string, kind: Kind, provider: string, ctx: BindContext): Instance[] {
  const declared = ctx.declarations.find((d) => d.provider === provider && d.kind === kind.kind && d.name === name);
  return ctx.instances.filter(
    (i) =>
      i.provider === provider &&
      i.kind === kind.kind &&
      (declared ? i.declaration === declared.id : (i.spec as { name?: string }).name === name),
  );
}

/** Producers are read and applied before the accounts that use them, so references may not go round in a circle. */
function checkCycles({ instances, findings }: BindContext): void {
  const edges = new Map<string, Map<string, Instance>>();
  for (const i of instances) {
    for (const r of i.references ?? []) {
      const out = edges.get(i.account) ?? new Map<string, Instance>();
      if (!out.has(r.account)) out.set(r.account, i);
      edges.set(i.account, out);
    }
  }
  const done = new Set<string>();
  const visit = (account: string, trail: string[]): void => {
    if (done.has(account)) return;
    const loop = trail.indexOf(account);
    if (loop >= 0) {
      const cycle = [...trail.slice(loop), account];
      const by = edges.get(trail.at(-1)!)?.get(account);
      const message = `references form a cycle between accounts (${cycle.join(" → ")})`;
      const hint = "an account's outputs can be used only by accounts it does not itself depend on";
      findings.add(error("reference-cycle", message, by?.at, hint), cycle.slice().sort().join("|"));
      return;
    }
    for (const next of edges.get(account)?.keys() ?? []) visit(next, [...trail, account]);
    done.add(account);
  };
  for (const account of edges.keys()) visit(account, []);
}
