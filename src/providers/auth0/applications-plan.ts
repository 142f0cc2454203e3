/**
 * Plan: pure. For each declared application, resolve it in the observation, then plan one `update` that adds what is
 * missing and, separately, one `delete` that removes what we added and no longer want, on the same target, so the
 * engine can hold the delete back.
 */
import { createHash } from "node:crypto";
import type { ChangeDraft, KindObservation, KindPlan } from "../../core/kind.js";
import { type Inputs, noInputs } from "../../core/outputs.js";
import type { Diagnostic, FieldDiff, Instance } from "../../core/types.js";
import { type DeletePayload, planCreate } from "./applications-create.js";
import { type DesiredApp, desiredApps } from "./applications-desired.js";
import {
  type ApplicationPayload,
  applyIntent,
  type Intent,
  type IntentResult,
  ownedEntries,
} from "./applications-intent.js";
import { ownershipToken, readOwnership } from "./applications-ownership.js";
import { type ApplicationSpec, type Auth0State, type ObservedApp, URL_FIELDS } from "./applications-schema.js";

type Draft = ChangeDraft<Intent>;

export function planApplications(
  instances: Instance<ApplicationSpec>[],
  observation: KindObservation<Auth0State>,
  account: string,
  inputs: Inputs = noInputs,
): KindPlan<ApplicationPayload> {
  const { apps, diagnostics } = desiredApps(instances);
  const changes: ChangeDraft<ApplicationPayload>[] = [];
  const declared = new Set<string>();
  let unresolved = 0;
  for (const app of apps) {
    const found = resolve(app, observation.state.apps);
    if ("diagnostic" in found && app.create && found.diagnostic.code === "auth0.app-not-found") {
      changes.push(planCreate(app, inputs));
      continue;
    }
    if ("diagnostic" in found) {
      diagnostics.push(found.diagnostic);
      unresolved++;
      continue;
    }
    declared.add(found.app.client_id);
    const planned = planApp(app, found.app, account);
    diagnostics.push(...planned.diagnostics);
    changes.push(...planned.changes);
  }
  // URLs regionsync added to an application no declaration names any more are no longer desired either. While a
  // declaration matches nothing (an application renamed by hand, a duplicated name), its application would look
  // undeclared, so no such removal is planned then.
  const orphans = observation.state.apps.filter(
    (a) => !declared.has(a.client_id) && (ownedEntries(a) > 0 || a.created),
  );
  if (unresolved > 0 && orphans.length > 0) {
    diagnostics.push({
      severity: "warning",
      code: "auth0.removal-deferred",
      message: `account '${account}': ${orphans.length} application(s) no declaration names hold URLs regionsync added (${orphans.map((a) => a.name).join(", ")}); their removal is not planned while a declaration matches no application`,
      hint: "fix the declarations that match no application first",
    });
  }
  for (const app of unresolved > 0 ? [] : orphans) {
    if (app.created) {
      changes.push(planDelete(app));
      continue;
    }
    const planned = planApp(undeclared(app, account), app, account);
    diagnostics.push(...planned.diagnostics);
    changes.push(...planned.changes);
  }
  return { changes: inListingOrder(changes, observation.state.apps), diagnostics };
}

/**
 * Writes in the tenant's listing order (a stable sort: an application's own changes keep their order), so apply reads
 * each listing page once, just before the writes to its applications; creates, which read no page, come last.
 */
function inListingOrder<T extends { object: string }>(changes: T[], listed: readonly ObservedApp[]): T[] {
  const position = new Map(listed.map((app, i) => [app.client_id, i]));
  const at = (change: T) => position.get(change.object) ?? listed.length;
  return changes.sort((a, b) => at(a) - at(b));
}

function undeclared(app: ObservedApp, account: string): DesiredApp {
  const urls = Object.fromEntries(URL_FIELDS.map((f) => [f, []])) as unknown as DesiredApp["urls"];
  return {
    account,
    identity: app.client_id,
    clientId: app.client_id,
    name: app.name,
    declarations: [],
    regions: [],
    policy: "manage",
    urls,
    create: false,
    instances: [],
  };
}

/** An application regionsync created that no declaration names any more: deleted whole, when deletes are allowed. */
function planDelete(app: ObservedApp): ChangeDraft<DeletePayload> {
  return {
    object: app.client_id,
    name: app.name,
    action: "delete",
    declarations: [],
    regions: [],
    diffs: [{ path: "application", op: "remove", before: app.name }],
    delete_count: 1,
    basis: basisOf(app),
    payload: { deleteApplication: { clientId: app.client_id, name: app.name } },
  };
}

type Resolved = { app: ObservedApp } | { diagnostic: Diagnostic };

/** Matches by client_id, or by name when the name is unique in the tenant. */
export function resolve(app: DesiredApp, observed: readonly ObservedApp[]): Resolved {
  const first = app.instances[0]!;
  const severity = app.policy === "observe" ? "warning" : "error";
  if (app.clientId) {
    const match = observed.find((o) => o.client_id === app.clientId);
    if (match) return { app: match };
    return {
      diagnostic: {
        severity,
        code: "auth0.app-not-found",
        message: `application '${app.name}': no application with client_id '${app.clientId}' in account '${app.account}'`,
        hint: "check client_id, or set 'create: true' (without client_id) to let regionsync create it",
        at: first.fieldPositions.client_id ?? first.at,
        instance: first.id,
      },
    };
  }
  const candidates = observed.filter((o) => o.name === app.name);
  if (candidates.length === 1) return { app: candidates[0]! };
  if (candidates.length === 0) {
    return {
      diagnostic: {
        severity,
        code: "auth0.app-not-found",
        message: `application '${app.name}' not found in account '${app.account}'`,
        hint: "set 'create: true' to let regionsync create it (with 'copy_from: REGION' to copy its settings), create it in Auth0, or set client_id",
        at: first.at,
        instance: first.id,
      },
    };
  }
  return {
    diagnostic: {
      severity: "error",
      code: "auth0.app-ambiguous",
      message: `application name '${app.name}' is ambiguous in account '${app.account}': ${candidates.length} applications have it (${candidates.map((c) => c.client_id).join(", ")})`,
      hint: `add client_id to the declaration, e.g. 'client_id: ${candidates[0]!.client_id}'`,
      at: first.at,
      instance: first.id,
    },
  };
}

function planApp(desired: DesiredApp, app: ObservedApp, account: string): KindPlan<Intent> {
  const owned = readOwnership(app.client_metadata);
  const base = { clientId: app.client_id, name: app.name };
  const update: Intent = { ...base, add: {}, setLogin: desired.initiateLoginUri };
  const removal: Intent = { ...base, remove: {} };
  for (const field of URL_FIELDS) {
    const want = new Set(desired.urls[field]);
    const missing = desired.urls[field].filter((u) => !app[field].includes(u));
    const stale = app[field].filter((u) => !want.has(u) && owned.has(ownershipToken(field, u)));
    if (missing.length > 0) update.add![field] = missing;
    if (stale.length > 0) removal.remove![field] = stale;
  }
  if (desired.initiateLoginUri === undefined && app.initiate_login_uri) removal.clearLogin = app.initiate_login_uri;

  const first = desired.instances[0];
  const where = first ? { at: first.at, instance: first.id } : {};
  const both = applyIntent(app, { ...update, remove: removal.remove, clearLogin: removal.clearLogin });
  if (both.problems.length > 0) {
    return {
      changes: [],
      diagnostics: both.problems.map((p) => ({
        severity: "error" as const,
        code: "auth0.url-limit" as const,
        message: `application '${app.name}' in account '${account}': ${p}`,
        hint: "remove URLs from the list in Auth0, or declare fewer",
        ...where,
      })),
    };
  }
  const added = applyIntent(app, update);
  const removed = applyIntent(app, removal);
  const diagnostics: Diagnostic[] = [];
  const common = {
    object: app.client_id,
    name: app.name,
    declarations: desired.declarations,
    policy: desired.policy,
    basis: basisOf(app),
  };
  const changes: Draft[] = [];
  const updateDiffs = diffsOf(added);
  if (updateDiffs.length > 0) {
    changes.push({
      ...common,
      regions: regionsServed(desired, added),
      action: "update",
      diffs: updateDiffs,
      payload: update,
    });
  }
  const removeDiffs = diffsOf(removed);
  if (removeDiffs.length > 0) {
    const change: Draft = {
      ...common,
      regions: [],
      action: "delete",
      diffs: removeDiffs,
      delete_count: removeDiffs.length,
      delete_unit: "URL",
      payload: removal,
    };
    // A list at the limit needs room before it can take the new URLs.
    if (added.problems.length > 0) {
      changes.unshift(change);
      diagnostics.push({
        severity: "warning",
        code: "auth0.room-needed",
        message: `application '${app.name}' in account '${account}': the additions fit only after the removals (${added.problems.join("; ")})`,
        hint: "allow deletes for this resource, or the update will fail",
        ...where,
      });
    } else {
      changes.push(change);
    }
  }
  return { changes, diagnostics };
}

function diffsOf(result: IntentResult): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  for (const field of URL_FIELDS) {
    for (const url of result.added[field] ?? []) diffs.push({ path: field, op: "add", after: url });
    for (const url of result.removed[field] ?? []) diffs.push({ path: field, op: "remove", before: url });
  }
  if (result.login) {
    const { before, after } = result.login;
    diffs.push({
      path: "initiate_login_uri",
      op: after === "" ? "remove" : before === "" ? "add" : "change",
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
    });
  }
  return diffs;
}

function regionsServed(desired: DesiredApp, added: IntentResult): string[] {
  const regions = new Set<string>();
  for (const instance of desired.instances) {
    if (!instance.region) continue;
    const serves =
      URL_FIELDS.some((f) => (added.added[f] ?? []).some((u) => instance.spec[f]?.includes(u))) ||
      (added.login !== undefined && instance.spec.initiate_login_uri === added.login.after);
    if (serves) regions.add(instance.region);
  }
  return [...regions];
}

/** A digest of exactly the fields a change was computed from. */
export function basisOf(app: ObservedApp): string {
  const fields = [
    app.client_id,
    ...URL_FIELDS.map((f) => app[f]),
    app.initiate_login_uri,
    Object.entries(app.client_metadata)
      .filter(([k]) => k.startsWith("regionsync"))
      .sort(),
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("base64url").slice(0, 16);
}
