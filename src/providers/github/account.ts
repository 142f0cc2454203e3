import { z } from "zod";

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name");

/**
 * A GitHub account: which API to talk to and the *names* of the environment variables holding credentials. Either a
 * token (`token_env`) or GitHub App credentials (`app_id_env`, `private_key_env`, `installation_id_env`). The core's
 * `endpoint`, when set, wins over `api_url`.
 */
export const accountSchema = z.strictObject({
  api_url: z.url().default("https://api.github.com"),
  /** Where settings pages live, when it cannot be derived from `api_url` (GHES behind an unusual proxy). */
  web_url: z.url().optional(),
  token_env: envName.optional(),
  app_id_env: envName.optional(),
  private_key_env: envName.optional(),
  installation_id_env: envName.optional(),
});

export type GitHubAccount = z.infer<typeof accountSchema>;

/** Which credentials are missing or mixed; the config layer composes only the shape, so this runs in `validate`. */
export function accountProblem(a: GitHubAccount): string | undefined {
  const appCount = [a.app_id_env, a.private_key_env, a.installation_id_env].filter(Boolean).length;
  if (a.token_env && appCount > 0) return "give either token_env or GitHub App credentials, not both";
  if (!a.token_env && appCount !== 3)
    return "give token_env, or all of app_id_env, private_key_env and installation_id_env";
  return undefined;
}
