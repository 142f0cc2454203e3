/**
 * What an application gives other declarations of its region: its client id and tenant domain (from the listing),
 * its client secret (read only when asked for, with `read:client_keys`; never logged), and its copyable settings (for
 * `copy_from`). Read-only.
 */
import type { KindOutputs } from "../../core/kind.js";
import type { Instance } from "../../core/types.js";
import { COPIED_FIELDS, copyable } from "./applications-create.js";
import { identityOf } from "./applications-desired.js";
import type { ApplicationSpec, Auth0State } from "./applications-schema.js";
import type { Auth0Session } from "./session.js";

export const applicationOutputs: KindOutputs<ApplicationSpec, Auth0Session, Auth0State> = {
  names: {
    client_id: { description: "The application's client id.", sensitive: false },
    client_secret: { description: "The application's client secret (needs read:client_keys).", sensitive: true },
    domain: { description: "The tenant's domain.", sensitive: false },
    template: { description: "The settings copy_from copies (JSON; never a secret).", sensitive: false },
  },
  async read(session, state, instance: Instance<ApplicationSpec>, wanted) {
    const identity = identityOf(instance);
    const matches = state.apps.filter((a) => a.client_id === identity || a.name === identity);
    if (matches.length !== 1) return undefined;
    const clientId = matches[0]!.client_id;
    const values: Record<string, string> = { client_id: clientId, domain: session.domain };
    const fields = [
      ...(wanted.includes("client_secret") ? ["client_secret"] : []),
      ...(wanted.includes("template") ? COPIED_FIELDS : []),
    ];
    if (fields.length === 0) return values;
    const client = (await session.call(`read outputs of application ${clientId}`, () =>
      session.mgmt.clients.get(clientId, { fields: ["client_id", ...fields].join(","), include_fields: true }),
    )) as unknown as Record<string, unknown>;
    if (wanted.includes("client_secret")) {
      if (typeof client.client_secret !== "string") {
        throw new Error(
          `Auth0 returned no client_secret for ${clientId}: the credentials need the read:client_keys scope`,
        );
      }
      values.client_secret = client.client_secret;
    }
    if (wanted.includes("template")) values.template = JSON.stringify(copyable(client));
    return values;
  },
};

/** The outputs of a client body Auth0 returned on create: the same names as `read`. */
export function outputsOf(session: Auth0Session, client: Record<string, unknown>): Record<string, string> {
  return {
    client_id: String(client.client_id ?? ""),
    domain: session.domain,
    template: JSON.stringify(copyable(client)),
    ...(typeof client.client_secret === "string" ? { client_secret: client.client_secret } : {}),
  };
}
