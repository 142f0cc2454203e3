import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { z } from "zod";
import { coreCodes } from "../core/codes.js";
import type { Provider } from "../core/kind.js";
import { providers } from "../providers/registry.js";
import { diagnosticsDoc, diagnosticsDocPath } from "./diagnostic-docs.js";

const root = new URL("../../../", import.meta.url);

const vendor: Provider = {
  name: "vendor",
  description: "A test vendor.",
  accountSchema: z.object({}),
  kinds: [],
  trust: { credentialPrefixes: ["T"], destinations: () => [], vendorOwned: () => true },
  codes: { "rate-limit": "The vendor's | limit." },
  connect: async () => ({}),
};

describe("docs/diagnostics.md", () => {
  it("is the one generated from the lists of codes (run `npm run schema`)", () => {
    assert.equal(readFileSync(new URL(diagnosticsDocPath, root), "utf8"), diagnosticsDoc(providers));
  });

  it("lists the core codes, then each provider's codes with the provider's prefix", () => {
    const rows = diagnosticsDoc(new Map([["vendor", vendor]]))
      .split("\n")
      .filter((line) => line.startsWith("| `"));
    assert.equal(rows.length, Object.keys(coreCodes).length + 1);
    assert.equal(rows[0], `| \`file-unreadable\` | ${coreCodes["file-unreadable"]} |`);
    assert.equal(rows.at(-1), "| `vendor.rate-limit` | The vendor's \\| limit. |");
  });
});
