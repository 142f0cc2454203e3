/** An Auth0 account (one tenant): its settings, and the credential rule the schema alone cannot state. */
import { z } from "zod";
import type { Account, Diagnostic } from "../../core/types.js";

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable")
  .describe("Name of the environment variable holding the value (never the value itself).");

/** Either client credentials or a static token; which one is checked by `validateAccount`. */
export const accountSchema = z.strictObject({
  domain: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, "must be a bare host name such as example.us.auth0.com")
    .describe("The tenant's domain, e.g. example-us.us.auth0.com."),
  client_id_env: envName.optional(),
  client_secret_env: envName.optional(),
  token_env: envName.optional(),
});
export type Auth0Settings = z.output<typeof accountSchema>;

export function validateAccount(account: Account<Auth0Settings>): Diagnostic[] {
  const { client_id_env, client_secret_env, token_env } = account.settings;
  const hasCredentials = Boolean(client_id_env || client_secret_env);
  if (token_env && hasCredentials) {
    return [
      {
        severity: "error",
        code: "auth0.credentials",
        message: `account '${account.name}' names both token_env and client credentials`,
        hint: "keep client_id_env and client_secret_env (recommended: tokens are then fetched and renewed) or token_env",
        at: account.at,
      },
    ];
  }
  if (!token_env && !(client_id_env && client_secret_env)) {
    return [
      {
        severity: "error",
        code: "auth0.credentials",
        message: `account '${account.name}' needs client_id_env and client_secret_env, or token_env`,
        hint: "name the environment variables holding a machine-to-machine application's credentials",
        at: account.at,
      },
    ];
  }
  return [];
}
