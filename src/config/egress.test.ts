import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Provider } from "../core/kind.js";
import type { Diagnostic } from "../core/types.js";
import { loadDesiredStateText } from "./load.js";

const providers = new Map<string, Provider>();

const file = (us: string, eu = "{ ipv4: [203.0.113.64/28] }") => `version: 1
regions:
  us:
    hosts: [us.example.com]
    cloud_region: us-east-1
    egress: ${us}
  eu:
    hosts: [eu.example.com]
    cloud_region: eu-west-1
    egress: ${eu}
accounts: {}
`;

const problems = (d: Diagnostic[]) =>
  d.map((x) => `${x.at?.line}:${x.at?.column} ${x.code} ${x.message} | ${x.hint ?? ""}`);

describe("region egress", () => {
  it("keeps each network in its one canonical spelling", () => {
    const { state, diagnostics } = loadDesiredStateText(
      file('{ ipv4: [198.51.100.32/29], ipv6: ["2001:DB8:1000:0::/56"] }'),
      "d.yaml",
      providers,
    );
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      state?.regions.map((r) => [r.name, r.egress]),
      [
        ["us", { ipv4: ["198.51.100.32/29"], ipv6: ["2001:db8:1000::/56"] }],
        ["eu", { ipv4: ["203.0.113.64/28"], ipv6: [] }],
      ],
    );
  });

  it("refuses host bits, naming the network, a network of the other family, and what is not a network", () => {
    const { state, diagnostics } = loadDesiredStateText(
      file('{ ipv4: [198.51.100.33/29, "2001:db8::/32", 198.51.100.7], ipv6: [10.0.0.0/8] }'),
      "d.yaml",
      providers,
    );
    assert.equal(state, undefined);
    assert.deepEqual(problems(diagnostics), [
      "6:22 invalid-value regions.us.egress.ipv4[0]: '198.51.100.33/29' has host bits set | the network is '198.51.100.32/29'; or give the address as /32",
      "6:40 invalid-value regions.us.egress.ipv4[1]: '2001:db8::/32' is not IPv4 | list it under ipv6",
      "6:57 invalid-value regions.us.egress.ipv4[2]: '198.51.100.7' has no prefix length | write '198.51.100.7/32' for one address",
      "6:79 invalid-value regions.us.egress.ipv6[0]: '10.0.0.0/8' is not IPv6 | list it under ipv4",
    ]);
  });

  it("refuses a network in two places, within a region or across regions", () => {
    const { diagnostics } = loadDesiredStateText(
      file("{ ipv4: [203.0.113.0/24, 203.0.113.0/28] }", "{ ipv4: [203.0.113.64/28] }"),
      "d.yaml",
      providers,
    );
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.message]),
      [
        ["egress-overlap", "egress network 203.0.113.0/28 overlaps 203.0.113.0/24 (region 'us')"],
        ["egress-overlap", "egress network 203.0.113.64/28 overlaps 203.0.113.0/24 (regions 'us' and 'eu')"],
      ],
    );
  });
});
