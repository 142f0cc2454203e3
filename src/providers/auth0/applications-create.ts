/**
 * Applications regionsync creates where a region needs them (`create: true`): from the declaration, and with
 * `copy_from` from the settings of the same declaration's application in another region's tenant. Only settings are
 * copied, never a secret or a key. The new application carries regionsync's marker, so it is owned from then on, and
 * is deleted (when deletes are allowed) once no declaration names it; an application without the marker never is.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ChangeDraft } from "../../core/kind.js";
import { type BoundRef, bindRef, boundRefSchema, type Inputs, refLabel } from "../../core/outputs.js";
import type { FieldDiff } from "../../core/types.js";
import type { DesiredApp } from "./applications-desired.js";
import { encodeOwnership, ownershipToken } from "./applications-ownership.js";
import { CREATED_KEY, URL_FIELDS } from "./applications-schema.js";

const urlLists = z.record(z.string(), z.array(z.string()));

export const createPayloadSchema = z.strictObject({
  create: z.strictObject({
    name: z.string().min(1),
    /** The copied settings (JSON), or where apply reads them when the application they come from is new too. */
    settings: z.union([z.string(), boundRefSchema]).optional(),
    app_type: z.string().optional(),
    urls: urlLists,
    initiate_login_uri: z.string().optional(),
  }),
});
export type CreatePayload = z.infer<typeof createPayloadSchema>;

export const deletePayloadSchema = z.strictObject({
  deleteApplication: z.strictObject({ clientId: z.string().min(1), name: z.string() }),
});
export type DeletePayload = z.infer<typeof deletePayloadSchema>;

/** `auth0/applications/NAME` of the declaration an instance comes from (`auth0/application/NAME`). */
export const fromOf = (declaration: string) => `auth0/applications/${declaration.split("/").slice(2).join("/")}`;

/** The reference `copy_from` makes: this declaration's template in the other region. */
export function copyRef(declaration: string, region: string): BoundRef {
  return bindRef({ from: fromOf(declaration), output: "template", region }, null);
}

/** The create of a declared application that its tenant lacks. */
export function planCreate(app: DesiredApp, inputs: Inputs): ChangeDraft<CreatePayload> {
  const first = app.instances[0]!;
  // The copy in the region it copies from has nothing to copy: it is created from the declaration.
  const copyFrom = first.spec.copy_from !== first.region ? first.spec.copy_from : undefined;
  const ref = copyFrom ? copyRef(first.declaration, copyFrom) : undefined;
  const template = ref ? inputs.get(ref) : undefined;
  const diffs: FieldDiff[] = [{ path: "application", op: "add", after: app.name }];
  let settings: CreatePayload["create"]["settings"];
  if (ref && template?.known) {
    settings = template.value;
    const from = refLabel(ref);
    for (const [path, after] of Object.entries(JSON.parse(template.value) as Record<string, unknown>)) {
      diffs.push({ path, op: "add", after, from });
    }
  } else if (ref) {
    settings = ref;
    diffs.push({ path: "settings", op: "add", known_after_apply: true, from: refLabel(ref) });
  } else {
    diffs.push({ path: "app_type", op: "add", after: first.spec.app_type ?? "regular_web" });
  }
  for (const field of URL_FIELDS) for (const url of app.urls[field]) diffs.push({ path: field, op: "add", after: url });
  if (app.initiateLoginUri) diffs.push({ path: "initiate_login_uri", op: "add", after: app.initiateLoginUri });
  const payload: CreatePayload = {
    create: {
      name: app.name,
      ...(settings !== undefined ? { settings } : { app_type: first.spec.app_type ?? "regular_web" }),
      urls: app.urls,
      ...(app.initiateLoginUri ? { initiate_login_uri: app.initiateLoginUri } : {}),
    },
  };
  return {
    object: app.name,
    name: app.name,
    action: "create",
    declarations: app.declarations,
    regions: app.regions,
    policy: app.policy,
    diffs,
    basis: createHash("sha256")
      .update(JSON.stringify(["absent", app.account, app.name, settings]))
      .digest("base64url")
      .slice(0, 16),
    payload,
  };
}

/** The POST body: settings, URLs, and the ownership record of the URLs and of the application itself. */
export function createBody(
  create: CreatePayload["create"],
  settings: Record<string, unknown>,
): Record<string, unknown> {
  const tokens = URL_FIELDS.flatMap((field) => (create.urls[field] ?? []).map((u) => ownershipToken(field, u)));
  if (create.initiate_login_uri) tokens.push(ownershipToken("initiate_login_uri", create.initiate_login_uri));
  const record = encodeOwnership(tokens, { [CREATED_KEY]: "1" });
  if ("error" in record) throw new Error(`application '${create.name}': ${record.error}`);
  const metadata = Object.fromEntries(Object.entries(record.update).filter(([, v]) => v !== null));
  return {
    ...settings,
    ...(create.app_type ? { app_type: create.app_type } : {}),
    name: create.name,
    ...Object.fromEntries(URL_FIELDS.map((f) => [f, create.urls[f] ?? []])),
    ...(create.initiate_login_uri ? { initiate_login_uri: create.initiate_login_uri } : {}),
    client_metadata: { ...metadata, [CREATED_KEY]: "1" },
  };
}
