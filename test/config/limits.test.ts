/**
 * Input limits and strictness: a file too large, too deep or expanding too much through aliases is refused before it
 * can cost memory or time; YAML that regionsync would only half understand (tags, merge keys) and names with control
 * characters are errors; and every problem of a declaration is reported in one pass. Each case is refused with exact
 * positions, and no request reaches any vendor.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCli } from "../cli/helpers.js";
import { type Case, emulatorHarness, refusesEach } from "./fixture.js";

const laughs = (levels: number) =>
  Array.from({ length: levels }, (_, i) =>
    i === 0
      ? "l0: &l0 [x, x, x, x, x, x, x, x, x, x]"
      : `l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(", ")}]`,
  ).join("\n");

const cases: Case[] = [
  {
    name: "an unknown region and a misspelt key in one declaration",
    edits: [["regions: [us, eu]\n        callbacks:", "regions: [us, eu, ap]\n        callbaks:"]],
    errors: [
      ["unknown-region", "30:27: error: unknown region 'ap' (declare it under 'regions' or use one of us, eu)"],
      [
        "unknown-key",
        "31:9: error: unknown key 'callbaks' in resources.auth0.applications[0] (did you mean 'callbacks'?)",
      ],
    ],
  },
  {
    name: "only unknown regions and a misspelt key",
    edits: [["regions: [us, eu]\n        callbacks:", "regions: [ap]\n        callbaks:"]],
    errors: [
      ["unknown-region", "30:19: error: unknown region 'ap' (declare it under 'regions' or use one of us, eu)"],
      [
        "unknown-key",
        "31:9: error: unknown key 'callbaks' in resources.auth0.applications[0] (did you mean 'callbacks'?)",
      ],
    ],
  },
  {
    name: "an unknown account and a misspelt key",
    edits: [["        callbacks:", "        account: auth0-eu\n        callbaks:"]],
    errors: [
      ["unknown-account", "31:18: error: unknown account 'auth0-eu' (use one of auth0-main)"],
      [
        "unknown-key",
        "32:9: error: unknown key 'callbaks' in resources.auth0.applications[0] (did you mean 'callbacks'?)",
      ],
    ],
  },
  {
    name: "an alias without its anchor",
    edits: [['callbacks: ["https://${region.host}/callback"]', "callbacks: *urls"]],
    errors: [
      [
        "yaml-alias",
        "31:20: error: alias '*urls' has no anchor '&urls' before it (write the value out, or anchor a value above this alias)",
      ],
    ],
  },
  {
    name: "an alias inside the value it refers to",
    edits: [
      ['callbacks: ["https://${region.host}/callback"]', 'callbacks: &urls ["https://${region.host}/callback", *urls]'],
    ],
    errors: [
      [
        "yaml-alias",
        "31:62: error: alias '*urls' is inside the value it refers to (write the value out, or anchor a value above this alias)",
      ],
    ],
  },
  {
    name: "a few lines of aliases that expand a millionfold (billion laughs)",
    edits: [["resources:\n", `${laughs(6)}\nresources:\n`]],
    errors: [
      [
        "yaml-alias",
        "30:45: error: aliases expand the document by more than 100000 values (write the values out, or alias fewer or smaller values)",
      ],
    ],
  },
  {
    name: "collections nested too deep",
    edits: [['paging: ["@slack-oncall-us"]', `paging: ${"[".repeat(70)}${"]".repeat(70)}`]],
    errors: [
      [
        "yaml-too-deep",
        "6:74: error: collections are nested more than 64 deep (flatten the structure; desired-state.yaml needs only a few levels)",
      ],
    ],
  },
  {
    name: "absurd nesting, refused before parsing",
    edits: [['paging: ["@slack-oncall-us"]', `paging: ${"[".repeat(100_000)}`]],
    errors: [
      [
        "yaml-too-deep",
        "6:5: error: more than 256 levels of indentation and open brackets (flatten the structure; desired-state.yaml needs only a few levels)",
      ],
    ],
  },
  {
    name: "an unknown YAML tag",
    edits: [["cloud_region: us-east-1", "cloud_region: !foo us-east-1"]],
    errors: [
      [
        "yaml-tag",
        "5:19: error: YAML tag '!foo' is not supported (remove the tag: desired-state.yaml is plain YAML, and quotes make a value a string)",
      ],
    ],
  },
  {
    name: "a YAML 1.1 tag",
    edits: [["cloud_region: us-east-1", "cloud_region: !!binary dXMtZWFzdC0x"]],
    errors: [
      [
        "yaml-tag",
        "5:19: error: YAML tag '!!binary' is not supported (remove the tag: desired-state.yaml is plain YAML, and quotes make a value a string)",
      ],
    ],
  },
  {
    name: "a YAML 1.1 merge key",
    edits: [
      ["  us:\n", "  us: &us\n"],
      ["  eu:\n    hosts: [eu.example.com]\n", "  eu:\n    <<: *us\n    hosts: [eu.example.com]\n"],
    ],
    errors: [
      [
        "yaml-merge-key",
        "10:5: error: merge keys ('<<') are not supported (write the keys out: merge keys are YAML 1.1 and not part of YAML 1.2)",
      ],
    ],
  },
  {
    name: "a NUL in a resource name",
    edits: [["- name: Storefront", "- name: Store\u0000front"]],
    errors: [
      [
        "invalid-name",
        "29:15: error: resources.auth0.applications[0].name: a name must not contain control characters (remove it; names are printable text)",
      ],
    ],
  },
  {
    name: "an escape character in a resource name, written as a YAML escape",
    edits: [['- name: "[${region.name}] errors"', '- name: "[${region.name}] \\e[31merrors"']],
    errors: [
      [
        "invalid-name",
        "34:15: error: resources.datadog.monitors[0].name: a name must not contain control characters (remove it; names are printable text)",
      ],
    ],
  },
  {
    name: "a control character in a region name",
    edits: [["  eu:\n", '  "e\\0u":\n']],
    errors: [
      [
        "invalid-name",
        "9:3: error: region name 'e\\u0000u' contains a control character (use lower-case letters, digits and '-')",
      ],
      ["unknown-region", "30:23: error: unknown region 'eu' (declare it under 'regions' or use one of us)"],
      ["unknown-region", "35:23: error: unknown region 'eu' (declare it under 'regions' or use one of us)"],
    ],
  },
  {
    name: "a control character in an account name",
    edits: [["  datadog-main:\n    provider", '  "datadog\\tmain":\n    provider']],
    errors: [
      [
        "invalid-name",
        "20:3: error: account name 'datadog\\u0009main' contains a control character (use lower-case letters, digits and '-')",
      ],
      [
        "unknown-account",
        "8:45: error: unknown account 'datadog-main' (declare an account with 'provider: datadog' under 'accounts')",
      ],
      [
        "unknown-account",
        "12:45: error: unknown account 'datadog-main' (declare an account with 'provider: datadog' under 'accounts')",
      ],
    ],
  },
];

const hint = "desired-state.yaml is normally a few kilobytes; to allow a larger file, set REGIONSYNC_MAX_FILE_BYTES";

describe("input limits and strictness", () => {
  const harness = emulatorHarness();
  refusesEach(harness, cases);

  it("a 50 MB file is refused without being read", async () => {
    const file = await harness.write("huge", Buffer.alloc(50 * 1024 * 1024, "# padding\n"));
    const { errors } = await harness.refuse(file);
    assert.deepEqual(errors, [
      ["file-too-large", `1:1: error: the file is 52428800 bytes, over the limit of 1048576 bytes (${hint})`],
    ]);
  });

  it("the operator sets the size limit with REGIONSYNC_MAX_FILE_BYTES", async () => {
    const valid = harness.valid();
    const file = await harness.write("small-limit", valid);
    const { errors } = await harness.refuse(file, { REGIONSYNC_MAX_FILE_BYTES: "100" });
    const size = Buffer.byteLength(valid);
    assert.deepEqual(errors, [
      ["file-too-large", `1:1: error: the file is ${size} bytes, over the limit of 100 bytes (${hint})`],
    ]);
    const padded = await harness.write("large", `${valid}${"# padding\n".repeat(150_000)}`);
    assert.equal((await harness.refuse(padded)).errors[0]?.[0], "file-too-large");
    const allowed = await runCli(["validate", "-f", padded], {
      env: { ...harness.operatorEnv(), REGIONSYNC_MAX_FILE_BYTES: "2097152" },
    });
    assert.equal(allowed.code, 0, allowed.stderr);
    const { stderr } = await harness.refuse(file, { REGIONSYNC_MAX_FILE_BYTES: "1MB" });
    assert.match(
      stderr,
      /^error: REGIONSYNC_MAX_FILE_BYTES is '1MB', not a number of bytes \(set a whole number of bytes, or unset it for the default of 1048576\)$/m,
    );
  });

  it("the YAML parser prints nothing of its own: its warnings become diagnostics", async () => {
    const warnings: Error[] = [];
    const listener = (w: Error) => warnings.push(w);
    process.on("warning", listener);
    try {
      const tagged = harness.valid().replace("cloud_region: us-east-1", "cloud_region: !foo us-east-1");
      await harness.refuse(await harness.write("tagged", tagged));
      const complexKey = harness.valid().replace("values: { tier: gold }", "values: { [tier]: gold }");
      const { errors } = await harness.refuse(await harness.write("complex-key", complexKey));
      assert.deepEqual(errors, [["invalid-value", "7:13: error: regions.us.values.[ tier ]: Invalid key in record"]]);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", listener);
    }
    assert.deepEqual(warnings, []);
  });
});
