/**
 * Applying the create of an application where a region needs it, and the delete of one regionsync created. Creating
 * what exists succeeds (an application of that name is taken as created); a delete re-reads the application first and
 * refuses one without regionsync's marker.
 */
import type { ApplyOutcome, TypedChange } from "../../core/kind.js";
import type { Inputs } from "../../core/outputs.js";
import { type CreatePayload, createBody, type DeletePayload } from "./applications-create.js";
import { listAll } from "./applications-observe.js";
import { outputsOf } from "./applications-outputs.js";
import { COPIED_FIELDS, isCreated, toObservedApp } from "./applications-schema.js";
import type { Auth0Session } from "./session.js";

export async function applyCreate(
  session: Auth0Session,
  change: TypedChange<CreatePayload>,
  inputs: Inputs,
): Promise<ApplyOutcome> {
  const create = change.payload.create;
  const label = `application '${create.name}' in account '${session.account}'`;
  const failed = (error: unknown) => new Error(`${label}: ${session.describe(error)}`);
  const { all } = await listAll(session, (a) => a.name === create.name).catch((error: unknown) => {
    throw failed(error);
  });
  const existing = all.filter((a) => a.name === create.name);
  if (existing.length > 0) {
    const clientId = existing[0]!.client_id;
    const client = await session
      .call(`read application ${clientId}`, () =>
        session.mgmt.clients.get(clientId, {
          fields: ["client_id", "client_secret", ...COPIED_FIELDS].join(","),
          include_fields: true,
        }),
      )
      .catch((error: unknown) => {
        throw failed(error);
      });
    return {
      message: `${label} already exists (${clientId}); nothing was created`,
      ref: clientId,
      outputs: outputsOf(session, client as unknown as Record<string, unknown>),
    };
  }
  let settings: Record<string, unknown> = {};
  if (typeof create.settings === "string") settings = JSON.parse(create.settings) as Record<string, unknown>;
  else if (create.settings) {
    const template = inputs.get(create.settings);
    if (!template.known) throw new Error(`${label}: the settings to copy are not available; nothing was created`);
    settings = JSON.parse(template.value) as Record<string, unknown>;
  }
  const client = (await session
    .call(`create ${label}`, () => session.mgmt.clients.create(createBody(create, settings) as never))
    .catch((error: unknown) => {
      throw failed(error);
    })) as unknown as Record<string, unknown>;
  const app = toObservedApp(client);
  session.reads.set(app.client_id, { app, readAt: session.options.now() });
  return {
    message: `created ${label} (${app.client_id})`,
    ref: app.client_id,
    outputs: outputsOf(session, client),
  };
}

export async function applyDelete(session: Auth0Session, change: TypedChange<DeletePayload>): Promise<ApplyOutcome> {
  const { clientId, name } = change.payload.deleteApplication;
  const label = `application '${name}' (${clientId}) in account '${session.account}'`;
  let client: Record<string, unknown>;
  try {
    client = (await session.call(`read ${label}`, () =>
      session.mgmt.clients.get(clientId, { fields: "client_id,name,client_metadata", include_fields: true }),
    )) as unknown as Record<string, unknown>;
  } catch (error) {
    if (session.statusOf(error) === 404) return { message: `${label} is already gone`, ref: clientId };
    throw new Error(`${label}: ${session.describe(error)}`);
  }
  if (!isCreated(toObservedApp(client).client_metadata)) {
    throw new Error(`${label} no longer carries regionsync's marker: it was not deleted`);
  }
  try {
    await session.call(`delete ${label}`, () => session.mgmt.clients.delete(clientId));
  } catch (error) {
    if (session.statusOf(error) !== 404) throw new Error(`${label}: ${session.describe(error)}`);
  }
  session.reads.delete(clientId);
  return { message: `deleted ${label}`, ref: clientId };
}
