import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Account, Instance } from "../../core/types.js";
import type { Auth0Settings } from "./account.js";
import { validateAccount } from "./account.js";
import type { ApplicationSpec } from "./applications-schema.js";
import { validateApplications } from "./applications-validate.js";

const account = (settings: Partial<Auth0Settings>): Account<Auth0Settings> => ({
  name: "auth0-us",
  provider: "auth0",
  settings: { domain: "example.us.auth0.com", ...settings },
});

const instance = (
  region: string,
  spec: Record<string, unknown>,
  policy: "manage" | "observe" = "manage",
): Instance<ApplicationSpec> => ({
  id: `auth0/application/Storefront@${region}`,
  provider: "auth0",
  kind: "application",
  declaration: "auth0/application/Storefront",
  region,
  account: "auth0-us",
  policy,
  allowDelete: false,
  spec: { name: "Storefront", ...spec },
  fieldPositions: { "callbacks.0": { file: "desired-state.yaml", line: 7, column: 22 } },
});

const messages = (instances: Instance<ApplicationSpec>[], settings: Partial<Auth0Settings> = { token_env: "T" }) =>
  [...validateAccount(account(settings)), ...validateApplications(instances)].map((d) => `${d.severity}: ${d.message}`);

describe("Auth0 validation", () => {
  it("wants client credentials or a token, not both and not half", () => {
    assert.deepEqual(messages([], { client_id_env: "ID", client_secret_env: "SECRET" }), []);
    assert.deepEqual(messages([], { token_env: "TOKEN" }), []);
    assert.match(messages([], { client_id_env: "ID" })[0]!, /needs client_id_env and client_secret_env, or token_env/);
    assert.match(messages([], { token_env: "T", client_id_env: "ID" })[0]!, /both token_env and client credentials/);
  });

  it("points at the offending URL", () => {
    const [diagnostic] = validateApplications([instance("us", { callbacks: ["http://app.example.com/cb"] })]);
    assert.equal(diagnostic!.at?.line, 7);
    assert.match(diagnostic!.message, /'Storefront', callbacks: .* must use https/);
  });

  it("refuses two initiate_login_uri values or two policies for one application", () => {
    assert.match(
      messages([
        instance("us", { initiate_login_uri: "https://app.example.com/login" }),
        instance("eu", { initiate_login_uri: "https://eu.example.com/login" }),
      ])[0]!,
      /2 different initiate_login_uri values/,
    );
    assert.match(messages([instance("us", {}), instance("eu", {}, "observe")])[0]!, /both policies/);
  });

  it("warns about a path in an origin", () => {
    assert.deepEqual(messages([instance("us", { web_origins: ["https://app.example.com/app"] })]), [
      "warning: application 'Storefront', web_origins: 'https://app.example.com/app' has a path, query or fragment, which Auth0 ignores when matching origins",
    ]);
  });
});
