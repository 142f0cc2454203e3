/**
 * Every provider regionsync knows, one line each. Adding a vendor means adding its folder and one line here; the
 * config schema, the JSON Schema, the sandbox and the docs all derive from this list.
 */
import type { Provider } from "../core/kind.js";
import { auth0Provider } from "./auth0/index.js";
import { datadogProvider } from "./datadog/index.js";
import { githubProvider } from "./github/index.js";

export const providers: ReadonlyMap<string, Provider> = new Map<string, Provider>([
  ["auth0", auth0Provider],
  ["datadog", datadogProvider],
  ["github", githubProvider],
]);
