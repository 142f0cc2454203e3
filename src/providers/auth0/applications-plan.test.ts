import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KindObservation } from "../../core/kind.js";
import type { Instance } from "../../core/types.js";
import { encodeOwnership, mergeMetadata, ownershipToken } from "./applications-ownership.js";
import { basisOf, planApplications } from "./applications-plan.js";
import type { ApplicationSpec, Auth0State, ObservedApp } from "./applications-schema.js";

const observed = (name: string, fields: Partial<ObservedApp> = {}): ObservedApp => ({
  client_id: `id-${name.toLowerCase().replace(/\W/g, "")}`,
  name,
  callbacks: [],
  allowed_logout_urls: [],
  web_origins: [],
  allowed_origins: [],
  initiate_login_uri: "",
  client_metadata: {},
  created: false,
  settings: {},
  ...fields,
});

/** An application whose `owned` callbacks regionsync added earlier. */
const ownedApp = (name: string, callbacks: string[], owned: string[]): ObservedApp => {
  const record = encodeOwnership(
    owned.map((u) => ownershipToken("callbacks", u)),
    {},
  );
  assert.ok("update" in record);
  return observed(name, { callbacks, client_metadata: mergeMetadata({}, record.update) });
};

const instance = (name: string, region: string, callbacks: string[]): Instance<ApplicationSpec> => ({
  id: `auth0/application/${name}@${region}`,
  provider: "auth0",
  kind: "application",
  declaration: `auth0/application/${name}`,
  region,
  account: "auth0-us",
  policy: "manage",
  allowDelete: false,
  spec: { name, callbacks },
  fieldPositions: {},
});

const observation = (apps: ObservedApp[]): KindObservation<Auth0State> => ({
  state: { apps, total: apps.length },
  owned: 0,
  diagnostics: [],
});

const planAuth0 = (instances: Instance<ApplicationSpec>[], observed: KindObservation<Auth0State>) =>
  planApplications(instances, observed, "auth0-us");

describe("planApplications", () => {
  it("merges the regions of one application into one update, and plans removals as a separate delete", () => {
    const app = ownedApp(
      "Admin",
      ["https://us.example.com/cb", "https://old.example.com/cb"],
      ["https://old.example.com/cb"],
    );
    const { changes, diagnostics } = planAuth0(
      [instance("Admin", "us", ["https://us.example.com/cb"]), instance("Admin", "eu", ["https://eu.example.com/cb"])],
      observation([app]),
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      changes.map((c) => [c.action, c.regions, c.diffs.length, c.delete_count]),
      [
        ["update", ["eu"], 1, undefined],
        ["delete", [], 1, 1],
      ],
    );
    assert.equal(changes[0]!.target, changes[1]!.target);
    assert.equal(changes[0]!.basis, basisOf(app));
  });

  it("removes what regionsync added to an application no declaration names any more", () => {
    const gone = ownedApp(
      "Retired",
      ["https://hand.example.com/cb", "https://eu.example.com/cb"],
      ["https://eu.example.com/cb"],
    );
    const { changes } = planAuth0([], observation([gone]));
    assert.deepEqual(
      changes.map((c) => [c.action, c.declarations, c.diffs.map((d) => d.before)]),
      [["delete", [], ["https://eu.example.com/cb"]]],
    );
  });

  it("plans no such removal while a declaration matches no application (a rename by hand, say)", () => {
    const renamed = ownedApp("Storefront (old)", ["https://eu.example.com/cb"], ["https://eu.example.com/cb"]);
    const { changes, diagnostics } = planAuth0(
      [instance("Storefront", "eu", ["https://eu.example.com/cb"])],
      observation([renamed]),
    );
    assert.deepEqual(changes, []);
    assert.deepEqual(
      diagnostics.map((d) => d.severity),
      ["error", "warning"],
    );
  });

  it("puts the removals first when a list at the limit needs room for the additions", () => {
    const old = Array.from({ length: 100 }, (_, i) => `https://r${i}.example.com/cb`);
    const app = ownedApp("Full", old, old.slice(0, 1));
    const { changes, diagnostics } = planAuth0(
      [instance("Full", "eu", [...old.slice(1), "https://eu.example.com/cb"])],
      observation([app]),
    );
    assert.deepEqual(
      changes.map((c) => c.action),
      ["delete", "update"],
    );
    assert.equal(diagnostics[0]!.severity, "warning");
  });
});
