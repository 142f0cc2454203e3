/**
 * Organization and repository webhooks pointing at a region's endpoints. GitHub hooks carry no name or label, so
 * ownership is recorded in a ledger variable (`REGIONSYNC_WEBHOOKS`) of the same repository or organization: declaration
 * name → hook id, URL and a salted digest of the secret. A hook not in the ledger was made by hand and is never
 * touched, even when it points at the URL a declaration wants.
 */
import { z } from "zod";
import type { Change, FieldDiff, Instance, KindDefinition } from "../../core/types.js";
import { basisOf } from "./digest.js";
import type { ObservedHook, ObservedHookScope } from "./state.js";

export const webhookSchema = z.strictObject({
  repository: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "OWNER/REPO")
    .optional()
    .describe("A repository hook (give this or `organization`)."),
  organization: z.string().min(1).optional().describe("An organization hook (give this or `repository`)."),
  url: z.url().describe("Where GitHub delivers events."),
  events: z.array(z.string().min(1)).min(1).default(["push"]),
  content_type: z.enum(["json", "form"]).default("json"),
  insecure_ssl: z.boolean().default(false),
  active: z.boolean().default(true),
  secret_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional()
    .describe("Environment variable holding the signing secret; GitHub reads it back only as ********."),
});

export type WebhookSpec = z.output<typeof webhookSchema> & { name: string };

/** `repos/OWNER/REPO` or `orgs/ORG`: the hook list and the ledger live there. */
export function hookScope(spec: Pick<WebhookSpec, "repository" | "organization">): string {
  return spec.repository ? `repos/${spec.repository}` : `orgs/${spec.organization}`;
}

export const webhooksKind: KindDefinition<WebhookSpec> = {
  key: "webhooks",
  kind: "webhook",
  description: "An organization or repository webhook; hooks made by hand are never touched.",
  schema: webhookSchema as unknown as z.ZodType<WebhookSpec>,
  sharing: "one",
  identity: (i) => `${hookScope(i.spec)}/${i.spec.name}`,
};

export interface WebhookPayload {
  scope: string;
  name: string;
  /** Absent for a create. */
  hookId?: number;
  url?: string;
  events?: string[];
  content_type?: "json" | "form";
  insecure_ssl?: boolean;
  active?: boolean;
  secret_env?: string;
  delete?: boolean;
}

export function hookSettingsUrl(webUrl: string, scope: string, id: number): string {
  const [kind, ...rest] = scope.split("/");
  return kind === "orgs"
    ? `${webUrl}/organizations/${rest[0]}/settings/hooks/${id}`
    : `${webUrl}/${rest.join("/")}/settings/hooks/${id}`;
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

function fieldDiffs(spec: WebhookSpec, hook: ObservedHook, secretUpToDate: boolean | null): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  if (!sameUrl(hook.url, spec.url)) diffs.push({ path: "url", op: "change", before: hook.url, after: spec.url });
  const events = [...new Set(spec.events)].sort();
  if (events.join(",") !== [...hook.events].sort().join(",")) {
    diffs.push({ path: "events", op: "change", before: [...hook.events].sort(), after: events });
  }
  if (hook.contentType !== spec.content_type) {
    diffs.push({ path: "content_type", op: "change", before: hook.contentType, after: spec.content_type });
  }
  if (hook.insecureSsl !== spec.insecure_ssl) {
    diffs.push({ path: "insecure_ssl", op: "change", before: hook.insecureSsl, after: spec.insecure_ssl });
  }
  if (hook.active !== spec.active)
    diffs.push({ path: "active", op: "change", before: hook.active, after: spec.active });
  // Without `secret_env` the secret is not managed: GitHub documents no way to clear one through the API.
  if (spec.secret_env && (secretUpToDate === false || !hook.hasSecret)) {
    diffs.push({ path: "secret", op: hook.hasSecret ? "change" : "add", sensitive: true });
  }
  return diffs;
}

/** The change one declared hook needs, if any. */
export function planWebhook(
  instance: Instance<WebhookSpec>,
  observed: ObservedHookScope | undefined,
  webUrl: string,
): Change | undefined {
  const spec = instance.spec;
  const scope = hookScope(spec);
  const owned = observed?.owned[spec.name];
  const hook = owned?.id != null ? observed?.hooks.find((h) => h.id === owned.id) : undefined;
  const base = {
    provider: "github",
    account: instance.account,
    kind: "webhook",
    name: `${scope}/${spec.name}`,
    declarations: [instance.declaration],
    regions: instance.region ? [instance.region] : [],
    policy: instance.policy,
    // Hooks of one scope share the ledger, so their writes go one after another.
    target: `github/webhook/${scope}`,
    basis: basisOf(observed ?? { absent: scope }),
  };
  const desired: WebhookPayload = {
    scope,
    name: spec.name,
    url: spec.url,
    events: spec.events,
    content_type: spec.content_type,
    insecure_ssl: spec.insecure_ssl,
    active: spec.active,
    secret_env: spec.secret_env,
  };

  if (hook) {
    const diffs = fieldDiffs(spec, hook, owned?.secretUpToDate ?? null);
    if (owned && !owned.recorded) diffs.push({ path: "ownership", op: "add", after: "regionsync" });
    if (diffs.length === 0) return undefined;
    return {
      ...base,
      id: `github/webhook/${scope}/${spec.name}/update`,
      action: "update",
      diffs,
      payload: { ...desired, hookId: hook.id } satisfies WebhookPayload,
    };
  }

  const ownedIds = new Set(Object.values(observed?.owned ?? {}).map((o) => o.id));
  const byHand = observed?.hooks.find((h) => !ownedIds.has(h.id) && sameUrl(h.url, spec.url));
  if (byHand) {
    const page = hookSettingsUrl(webUrl, scope, byHand.id);
    return {
      ...base,
      id: `github/webhook/${scope}/${spec.name}/conflict`,
      action: "manual",
      diffs: [],
      instructions: {
        summary: `A webhook made by hand (id ${byHand.id}) already delivers to ${spec.url}; regionsync never touches hooks it did not create`,
        url: page,
        steps: [
          `If that hook should be the one regionsync manages, delete it at ${page}; the next apply creates regionsync's own.`,
          `Otherwise remove "${spec.name}" from desired-state.yaml or point it at another URL.`,
        ],
      },
    };
  }

  const diffs: FieldDiff[] = [
    { path: "url", op: "add", after: spec.url },
    { path: "events", op: "add", after: [...new Set(spec.events)].sort() },
    { path: "content_type", op: "add", after: spec.content_type },
    ...(spec.insecure_ssl ? [{ path: "insecure_ssl", op: "add" as const, after: true }] : []),
    ...(spec.active ? [] : [{ path: "active", op: "add" as const, after: false }]),
    ...(spec.secret_env ? [{ path: "secret", op: "add" as const, sensitive: true }] : []),
  ];
  return { ...base, id: `github/webhook/${scope}/${spec.name}/create`, action: "create", diffs, payload: desired };
}

/** Deletes of owned hooks whose declaration is gone. */
export function planWebhookDeletes(scopes: ObservedHookScope[], declared: Set<string>, account: string): Change[] {
  const changes: Change[] = [];
  for (const s of scopes) {
    for (const [name, owned] of Object.entries(s.owned)) {
      if (declared.has(`${s.scope}/${name}`)) continue;
      const hook = s.hooks.find((h) => h.id === owned.id);
      if (!hook) continue;
      changes.push({
        id: `github/webhook/${s.scope}/${name}/delete`,
        provider: "github",
        account,
        kind: "webhook",
        name: `${s.scope}/${name}`,
        declarations: [],
        regions: [],
        action: "delete",
        policy: "manage",
        deleteCount: 1,
        diffs: [{ path: "url", op: "remove", before: hook.url }],
        target: `github/webhook/${s.scope}`,
        basis: basisOf(s),
        payload: { scope: s.scope, name, hookId: hook.id, delete: true } satisfies WebhookPayload,
      });
    }
  }
  return changes;
}
