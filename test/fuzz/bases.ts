/**
 * The valid documents the fuzzer mutates: the repository's desired-state.yaml and the malformed-input fixture, every
 * account's endpoint a fixed loopback placeholder that the CLI runs replace with the tripwire's address (so that a
 * document is a function of its seed alone), and the operator's environment that allows it.
 */
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { OPERATOR_ENV } from "../../src/core/operator-env.js";
import { rootFile } from "../cli/helpers.js";
import { credentials, validFile } from "../config/fixture.js";

export const PLACEHOLDER = "http://127.0.0.1:59999";

function rootDocument(): string {
  const doc = parseDocument(readFileSync(rootFile, "utf8"));
  for (const account of ["auth0-us", "auth0-eu", "datadog-us", "datadog-eu"]) {
    doc.setIn(["accounts", account, "endpoint"], PLACEHOLDER);
  }
  doc.setIn(["accounts", "github", "api_url"], PLACEHOLDER);
  return doc.toString();
}

export const bases = (): string[] => [rootDocument(), validFile(PLACEHOLDER, PLACEHOLDER)];

/** Credentials for every account of the bases, and the operator's allowance for `endpoint` (the tripwire). */
export const fuzzEnv = (endpoint: string): Record<string, string> => ({
  ...credentials,
  AUTH0_US_CLIENT_ID: "fuzz-id",
  AUTH0_US_CLIENT_SECRET: "fuzz-secret",
  AUTH0_EU_CLIENT_ID: "fuzz-id",
  AUTH0_EU_CLIENT_SECRET: "fuzz-secret",
  DD_US_API_KEY: "fuzz-key",
  DD_US_APP_KEY: "fuzz-app",
  DD_EU_API_KEY: "fuzz-key",
  DD_EU_APP_KEY: "fuzz-app",
  REGIONSYNC_GITHUB_TOKEN: "fuzz-token",
  [OPERATOR_ENV.allowedEndpoints]: endpoint,
});
