/** Planning webhooks: create or update what is declared, delete owned hooks whose declaration is gone. */
import type { ChangeDraft, KindObservation, KindPlan } from "../../core/kind.js";
import type { FieldDiff, Instance } from "../../core/types.js";
import { basisOf } from "./digest.js";
import { hookScope, type ObservedHook, type ObservedHookScope, type WebhookState } from "./webhooks-observe.js";
import type { WebhookPayload, WebhookSpec } from "./webhooks-schema.js";

type Draft = ChangeDraft<WebhookPayload>;

/** Hooks of one scope share the ledger, so their writes go one after another. */
const ledgerTarget = (scope: string) => `webhook/${scope}`;

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
function planWebhook(
  instance: Instance<WebhookSpec>,
  observed: ObservedHookScope | undefined,
  webUrl: string,
): Draft[] {
  const spec = instance.spec;
  const scope = hookScope(spec);
  const owned = observed?.owned[spec.name];
  const hook = owned?.id != null ? observed?.hooks.find((h) => h.id === owned.id) : undefined;
  const base = {
    object: `${scope}/${spec.name}`,
    name: `${scope}/${spec.name}`,
    declarations: [instance.declaration],
    regions: instance.region ? [instance.region] : [],
    policy: instance.policy,
    target: ledgerTarget(scope),
    basis: basisOf(observed ?? { absent: scope }),
  };
  const desired = {
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
    if (diffs.length === 0) return [];
    return [{ ...base, action: "update", diffs, payload: { ...desired, hookId: hook.id } }];
  }

  const ownedIds = new Set(Object.values(observed?.owned ?? {}).map((o) => o.id));
  const handMade = observed?.hooks.filter((h) => !ownedIds.has(h.id) && sameUrl(h.url, spec.url)) ?? [];
  const byHand = handMade[0];
  if (byHand && handMade.length === 1 && instance.adopt) {
    const adopt: Draft = {
      ...base,
      action: "adopt",
      diffs: [{ path: "ownership", op: "add", after: `hook ${byHand.id}` }],
      payload: {
        scope,
        name: spec.name,
        hookId: byHand.id,
        adopt: true,
        ...(spec.secret_env ? { secret_env: spec.secret_env } : {}),
      },
    };
    // Its secret is taken to be the one `secret_env` holds (GitHub never shows it): recorded by the adoption.
    const diffs = fieldDiffs(spec, byHand, null);
    return diffs.length > 0
      ? [adopt, { ...base, action: "update", diffs, payload: { ...desired, hookId: byHand.id } }]
      : [adopt];
  }
  if (byHand) {
    const page = hookSettingsUrl(webUrl, scope, byHand.id);
    return [
      {
        ...base,
        action: "manual",
        diffs: [],
        instructions: {
          summary: `A webhook made by hand (id ${byHand.id}) already delivers to ${spec.url}; regionsync never touches hooks it did not create`,
          url: page,
          steps: [
            handMade.length === 1
              ? `If that hook should be the one regionsync manages, adopt it: add 'adopt: true' to "${spec.name}" in desired-state.yaml (or plan and apply with --adopt); regionsync records it in its ledger without changing it.`
              : `${handMade.length} hooks made by hand deliver there: delete all but one at ${page}, then adopt that one ('adopt: true', or --adopt).`,
            `Or delete it at ${page}; the next apply creates regionsync's own.`,
            `Otherwise remove "${spec.name}" from desired-state.yaml or point it at another URL.`,
          ],
        },
      },
    ];
  }

  const diffs: FieldDiff[] = [
    { path: "url", op: "add", after: spec.url },
    { path: "events", op: "add", after: [...new Set(spec.events)].sort() },
    { path: "content_type", op: "add", after: spec.content_type },
    ...(spec.insecure_ssl ? [{ path: "insecure_ssl", op: "add" as const, after: true }] : []),
    ...(spec.active ? [] : [{ path: "active", op: "add" as const, after: false }]),
    ...(spec.secret_env ? [{ path: "secret", op: "add" as const, sensitive: true }] : []),
  ];
  return [{ ...base, action: "create", diffs, payload: desired }];
}

/** Deletes of owned hooks whose declaration is gone. */
function planWebhookDeletes(s: ObservedHookScope, declared: Set<string>): Draft[] {
  const changes: Draft[] = [];
  for (const [name, owned] of Object.entries(s.owned)) {
    if (declared.has(`${s.scope}/${name}`)) continue;
    const hook = s.hooks.find((h) => h.id === owned.id);
    if (!hook) continue;
    changes.push({
      object: `${s.scope}/${name}`,
      name: `${s.scope}/${name}`,
      declarations: [],
      regions: [],
      action: "delete",
      policy: "manage",
      delete_count: 1,
      diffs: [{ path: "url", op: "remove", before: hook.url }],
      target: ledgerTarget(s.scope),
      basis: basisOf(s),
      payload: { scope: s.scope, name, hookId: hook.id, delete: true },
    });
  }
  return changes;
}

/** Nothing is planned in a scope that could not be read: its hooks are unknown. */
export function planWebhooks(
  instances: Instance<WebhookSpec>[],
  { state }: KindObservation<WebhookState>,
): KindPlan<WebhookPayload> {
  const declared = instances.filter((i) => !state.unreadable.includes(hookScope(i.spec)));
  const changes = declared.flatMap((i) => planWebhook(i, state.scopes[hookScope(i.spec)], state.webUrl));
  const declaredNames = new Set(declared.map((i) => `${hookScope(i.spec)}/${i.spec.name}`));
  for (const s of Object.values(state.scopes)) changes.push(...planWebhookDeletes(s, declaredNames));
  return { changes, diagnostics: [] };
}
