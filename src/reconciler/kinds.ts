/** Finding a change's kind, and checking its payload against the kind's schema before any vendor sees it. */
import type { Kind, Provider, TypedChange } from "../core/kind.js";
import type { Change } from "../core/plan.js";

export function kindOf(providers: ReadonlyMap<string, Provider>, change: Pick<Change, "provider" | "kind">): Kind {
  const kind = providers.get(change.provider)?.kinds.find((k) => k.kind === change.kind);
  if (!kind) throw new Error(`no kind '${change.kind}' in provider '${change.provider}'`);
  return kind;
}

export type PayloadCheck = { change: TypedChange<unknown> } | { error: string };

/** Parses the change's payload with its kind's schema; the error names the change and the field. */
export function checkPayload(providers: ReadonlyMap<string, Provider>, change: Change): PayloadCheck {
  let kind: Kind;
  try {
    kind = kindOf(providers, change);
  } catch (error) {
    return { error: `change ${change.id}: ${(error as Error).message}` };
  }
  const parsed = kind.payload.safeParse(change.payload);
  if (parsed.success) return { change: { ...change, payload: parsed.data } };
  const issue = parsed.error.issues[0]!;
  const path = ["payload", ...issue.path.map(String)].join(".");
  return { error: `change ${change.id}: ${path}: ${issue.message}` };
}
