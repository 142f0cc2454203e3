import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import type { Kind, Provider } from "../core/kind.js";
import type { Account, Region } from "../core/types.js";
import { foldMerge } from "./fold-merge.js";
import { foldOne } from "./fold-one.js";
import type { Found } from "./found.js";

const region = (name: string, host: string, cloud: string, account: string): Region => ({
  name,
  hosts: [host],
  cloudRegion: cloud,
  paging: [],
  values: {},
  accounts: { p: account },
  egress: { ipv4: [], ipv6: [] },
});
const us = region("us", "app.example.com", "us-east-1", "a-us");
const eu = region("eu", "eu.example.com", "eu-west-1", "a-eu");
const account = (name: string): Account => ({ name, provider: "p", settings: {} });
const accounts = [account("a-us"), account("a-eu")];
const kind = (sharing: "one" | "merge") =>
  ({
    key: "things",
    kind: "thing",
    sharing,
    schema: z.object({ query: z.string(), urls: z.array(z.string()) }),
  }) as unknown as Kind;
const provider = { name: "p" } as Provider;
const found = (
  sharing: "one" | "merge",
  r: Region,
  name: string,
  spec: Record<string, unknown>,
  acct = r.accounts.p!,
) =>
  ({
    provider,
    kind: kind(sharing),
    account: account(acct),
    region: r,
    exported: { name, spec, object: `${acct}/${name}`, owned: false, region: r.name, pin: { id: acct } },
  }) as Found;
const ctx = { regions: [us, eu], accounts };

describe("folding", () => {
  it("folds twins into one template and keeps a per-region difference as two declarations", () => {
    const result = foldOne(
      [
        found("one", us, "[us] lag", { query: "lag{region:us-east-1} > 1" }),
        found("one", eu, "[eu] lag", { query: "lag{region:eu-west-1} > 1" }),
        found("one", us, "[us] depth", { query: "depth > 100" }),
        found("one", eu, "[eu] depth", { query: "depth > 500" }),
      ],
      ctx,
    );
    assert.deepEqual(
      result.written.map((w) => [w.fields.name, w.regions, w.templated, w.reason]),
      [
        ["[${region.name}] lag", ["us", "eu"], true, undefined],
        ["[us] depth", ["us"], false, "differs per region (us / eu) in query"],
        ["[eu] depth", ["eu"], false, "differs per region (us / eu) in query"],
      ],
    );
  });

  it("folds what a region's value only seems to name (an Opsgenie instance called us) when one template fits both", () => {
    const result = foldOne(
      [found("one", us, "ops-us", { query: "us" }), found("one", eu, "ops-eu", { query: "us" })],
      ctx,
    );
    assert.deepEqual(result.written[0]?.fields, {
      name: "ops-${region.name}",
      regions: ["us", "eu"],
      adopt: true,
      query: "us",
    });
  });

  it("merges one object's regional slices: shared templates, the rest as written; each tenant's own otherwise", () => {
    const one = { regions: [us, { ...eu, accounts: { p: "a-us" } }], accounts };
    const merged = foldMerge(
      [
        found("merge", us, "App", { urls: ["https://app.example.com/cb", "https://app.example.com/x"] }),
        found("merge", one.regions[1]!, "App", { urls: ["https://eu.example.com/cb"] }, "a-us"),
      ],
      one,
    );
    assert.deepEqual(merged.written[0]?.fields.urls, ["https://${region.host}/cb", "https://app.example.com/x"]);
    const tenants = foldMerge(
      [
        found("merge", us, "App", { urls: ["https://app.example.com/cb", "https://app.example.com/x"] }),
        found("merge", eu, "App", { urls: ["https://eu.example.com/cb"] }),
      ],
      ctx,
    );
    assert.deepEqual(
      tenants.written.map((w) => [w.fields.name, w.regions, w.fields.id]).sort(),
      [
        ["App (a-eu: a-eu/App)", ["eu"], "a-eu"],
        ["App (a-us: a-us/App)", ["us"], "a-us"],
      ],
      "a URL only one tenant has cannot be a template over both: each tenant's app gets its own declaration",
    );
  });
});
