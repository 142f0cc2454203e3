/**
 * What an application gives other declarations of its region: its client id, tenant domain and copyable settings (for
 * `copy_from`), all from the listing, and its client secret (one GET, only when an account of the run uses it, with
 * `read:client_keys`; never logged). Read-only.
 */
import type { KindOutputs } from "../../core/kind.js";
import type { Instance } from "../../core/types.js";
import { identityOf } from "./applications-desired.js";
import { type ApplicationSpec, type Auth0State, copyable } from "./applications-schema.js";
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
    const app = matches[0]!;
    const values: Record<string, string> = {
      client_id: app.client_id,
      domain: session.domain,
      template: JSON.stringify(app.settings),
    };
    if (!wanted.includes("client_secret")) return values;
    const client = (await session.call(`read the client secret of application ${app.client_id}`, () =>
      session.mgmt.clients.get(app.client_id, { fields: "client_id,client_secret", include_fields: true }),
    )) as unknown as Record<string, unknown>;
    if (typeof client.client_secret !== "string") {
      throw new Error(`Auth0 returned no client_secret for ${app.client_id}: the credentials need read:client_keys`);
    }
    return { ...values, client_secret: client.client_secret };
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
