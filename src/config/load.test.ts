import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import type { Kind, Provider } from "../core/kind.js";
import type { Account, Diagnostic, Instance } from "../core/types.js";
import { loadDesiredStateText } from "./load.js";

type Spec = { name: string; url?: string };

const calls: Array<{ by: string; instances: string[]; accounts: string[] }> = [];
const record = (by: string, instances: Instance[], accounts: Account[]) =>
  calls.push({ by, instances: instances.map((i) => i.id), accounts: accounts.map((a) => a.name) });

function kind(key: string, name: string): Kind<Spec> {
  return {
    key,
    kind: name,
    description: `A test ${name}.`,
    schema: z.object({ url: z.string().optional() }) as unknown as z.ZodType<Spec>,
    payload: z.unknown(),
    sharing: "one",
    identity: (instance) => instance.spec.name,
    validate(instances, accounts) {
      record(name, instances, accounts);
      return instances.flatMap((i): Diagnostic[] =>
        i.spec.url?.startsWith("ftp:")
          ? [
              {
                severity: "error",
                code: "vendor.ftp",
                message: `${name} '${i.spec.name}': ${i.spec.url}`,
                at: i.fieldPositions.url,
                instance: i.id,
              },
            ]
          : [],
      );
    },
    observe: async () => ({ state: undefined, owned: 0, diagnostics: [] }),
    plan: () => ({ changes: [], diagnostics: [] }),
    apply: async () => ({}),
  };
}

const vendor: Provider = {
  name: "vendor",
  description: "A test vendor.",
  accountSchema: z.object({ token_env: z.string() }),
  kinds: [kind("widgets", "widget") as Kind, kind("gadgets", "gadget") as Kind],
  trust: { credentialPrefixes: ["T"], destinations: () => [], vendorOwned: () => true },
  codes: { ftp: "An ftp URL.", "no-gadget": "Widgets without a gadget." },
  validate(instances, accounts) {
    record("provider", instances, accounts);
    const widgets = instances.filter((i) => i.kind === "widget");
    return widgets.length > 0 && !instances.some((i) => i.kind === "gadget")
      ? [{ severity: "warning", code: "vendor.no-gadget", message: "widgets without a gadget", at: widgets[0]!.at }]
      : [];
  },
  connect: async () => ({}),
};
const providers = new Map([["vendor", vendor]]);

const file = (resources: string, accounts = "  main: { provider: vendor, token_env: TOKEN }\n") => `version: 1
regions:
  us: { hosts: [us.example.com], cloud_region: us-east-1 }
  eu: { hosts: [eu.example.com], cloud_region: eu-west-1 }
accounts:
${accounts}resources:
  vendor:
${resources}`;

const load = (text: string) => {
  calls.length = 0;
  return loadDesiredStateText(text, "d.yaml", providers);
};
const summary = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => `${d.at?.line}:${d.at?.column} ${d.code} ${d.message}`);

describe("loading desired-state.yaml", () => {
  it("expands each declaration per region and binds it to the provider's only account", () => {
    const { state, diagnostics } = load(
      file(
        "    widgets:\n      - { name: 'w-${region.name}', regions: [us, eu] }\n    gadgets:\n      - { name: g }\n",
      ),
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      state?.instances.map((i) => [i.id, i.account, i.spec]),
      [
        ["vendor/widget/w-us@us", "main", { name: "w-us" }],
        ["vendor/widget/w-eu@eu", "main", { name: "w-eu" }],
        ["vendor/gadget/g", "main", { name: "g" }],
      ],
    );
    assert.deepEqual(state?.declarations[0], {
      id: "vendor/widget/w-${region.name}",
      provider: "vendor",
      kind: "widget",
      name: "w-${region.name}",
      regions: ["us", "eu"],
      names: { us: "w-us", eu: "w-eu" },
      policy: "manage",
    });
  });

  it("the provider checks all its instances with its accounts, then each kind checks its own instances", () => {
    const { diagnostics } = load(
      file(
        "    widgets:\n      - { name: 'w-${region.name}', regions: [us, eu] }\n    gadgets:\n      - { name: g }\n",
      ),
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(calls, [
      {
        by: "provider",
        instances: ["vendor/widget/w-us@us", "vendor/widget/w-eu@eu", "vendor/gadget/g"],
        accounts: ["main"],
      },
      { by: "widget", instances: ["vendor/widget/w-us@us", "vendor/widget/w-eu@eu"], accounts: ["main"] },
      { by: "gadget", instances: ["vendor/gadget/g"], accounts: ["main"] },
    ]);
  });

  it("a provider's problem repeated by every region copy is reported once; different ones each", () => {
    const same = load(file("    widgets:\n      - { name: w, regions: [us, eu], url: 'ftp://x' }\n    gadgets: []\n"));
    assert.deepEqual(summary(same.diagnostics), [
      "10:9 collision widget 'w' in account 'main' is declared twice after region expansion (vendor/widget/w@us and vendor/widget/w@eu)",
      "10:9 vendor.no-gadget widgets without a gadget",
      "10:44 vendor.ftp widget 'w': ftp://x",
    ]);
    const differ = load(
      file("    widgets:\n      - { name: 'w-${region.name}', regions: [us, eu], url: 'ftp://${region.host}' }\n"),
    );
    assert.deepEqual(
      differ.diagnostics.filter((d) => d.code === "vendor.ftp").map((d) => d.message),
      ["widget 'w-us': ftp://us.example.com", "widget 'w-eu': ftp://eu.example.com"],
    );
  });

  it("references to an invalid account or region report the invalid declaration only, by code and name", () => {
    const { diagnostics } = load(
      file(
        "    widgets:\n      - { name: w, account: main, regions: [us, eu] }\n",
        "  main: { provider: vendor }\n",
      ).replace("eu: { hosts: [eu.example.com]", "eu: { hosts: []"),
    );
    assert.deepEqual(summary(diagnostics), [
      "4:16 invalid-value regions.eu.hosts: Too small: expected array to have >=1 items",
      "6:9 missing-key missing required key 'token_env' in accounts.main",
    ]);
  });

  it("a secret in the file is reported as a secret, not also as an unknown key", () => {
    const { diagnostics } = load(file("    widgets: []\n", "  main: { provider: vendor, token_env: T, token: abc }\n"));
    assert.deepEqual(summary(diagnostics), [
      "6:43 secret-value accounts.main.token: 'token' holds a secret value in the file",
    ]);
  });

  it("keeps the parser's warnings that are not errors, with their place", () => {
    const { state, diagnostics } = load(`%YAML 1.3\n---\n${file("    widgets: []\n")}`);
    assert.ok(state);
    assert.deepEqual(summary(diagnostics), ["1:7 yaml-syntax YAML: Unsupported YAML version 1.3"]);
  });
});
