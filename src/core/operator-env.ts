/**
 * The operator's settings that the environment, never desired-state.yaml, gives: the file arrives in pull requests,
 * so what widens the trust boundary or the limits must come from outside it.
 */
export const OPERATOR_ENV = {
  /** Comma-separated URL prefixes accounts may send credentials to beyond each vendor's own API. */
  allowedEndpoints: "REGIONSYNC_ALLOWED_ENDPOINTS",
  /** Comma-separated variable names (or prefixes ending in `*`) the file may read beyond the naming rule. */
  credentialVariables: "REGIONSYNC_CREDENTIAL_VARIABLES",
} as const;
