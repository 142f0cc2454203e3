/** Finding a change's kind, and checking its payload against the kind's schema before any vendor sees it. */
import type { z } from "zod";
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
  const issue = closest(parsed.error.issues[0]!);
  const path = ["payload", ...issue.path.map(String)].join(".");
  return { error: `change ${change.id}: ${path}: ${issue.message}` };
}

/** In a payload of several shapes (a union), the problem of the shape it comes closest to: the one with fewest. */
function closest(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return issue;
  const branch = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
  const first = branch[0];
  return first ? closest({ ...first, path: [...issue.path, ...first.path] } as z.core.$ZodIssue) : issue;
}
