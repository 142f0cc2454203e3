/** What every kind's plan takes from an instance. */
import type { ChangeDraft } from "../../core/kind.js";
import type { ChangeAction } from "../../core/plan.js";
import type { Instance } from "../../core/types.js";
import { digestOf } from "./digest.js";

export type Named<Spec> = Spec & { name: string };

/** The loader puts each instance's expanded name into its spec, beside the kind's own fields. */
export const specOf = <Spec>(instance: Instance<Spec>) => instance.spec as Named<Spec>;

/** Every Datadog kind identifies its objects by name within an account. */
export const byName = (instance: Instance) => specOf(instance).name.trim();

/**
 * A change of the object `name` for this instance, with the declaration, region and policy it serves. A declared
 * name is unique in its kind and account (the loader checks identities), so it names the object in the change id.
 */
export function draftFor(instance: Instance, name: string, action: ChangeAction) {
  return {
    object: name,
    name,
    action,
    declarations: [instance.declaration],
    regions: instance.region ? [instance.region] : [],
    policy: instance.policy,
  } satisfies Partial<ChangeDraft>;
}

/** Creating `desired`: every field is an addition, and the basis is its absence. */
export function creation(instance: Instance, desired: { name: string }) {
  return {
    ...draftFor(instance, desired.name, "create"),
    diffs: Object.entries(desired).map(([path, after]) => ({ path, op: "add" as const, after })),
    basis: digestOf({ absent: desired.name }),
  };
}
