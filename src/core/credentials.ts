/**
 * Helpers for the fetch a provider gives its SDK, so that every credential a request carries, and every token an
 * answer grants, is registered before any output could show it.
 */
import type { SecretSink } from "./types.js";
import { textField } from "./vendor-error.js";

/** Registers the credential of a request's `Authorization` header (without its scheme: `Bearer`, `token`). */
export function registerAuthorization(headers: RequestInit["headers"], secrets: SecretSink): void {
  const value = headers ? new Headers(headers).get("authorization") : null;
  secrets.add(value?.replace(/^\S+\s+/, "") || undefined);
}

/** Registers the token a JSON answer grants (`access_token` of an OAuth token endpoint, `token` of GitHub's mint). */
export async function registerGrantedToken(response: Response, field: string, secrets: SecretSink): Promise<void> {
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  secrets.add(textField(body, field));
}
