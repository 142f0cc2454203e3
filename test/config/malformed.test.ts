/**
 * Malformed desired-state files: each must fail with the exact code, position and message, every problem in one pass,
 * and no request may reach any vendor.
 */
import { describe } from "node:test";
import { type Case, emulatorHarness, refusesEach } from "./fixture.js";

const cases: Case[] = [
  {
    name: "a typo in a top-level key",
    edits: [["regions:\n  us:", "regoins:\n  us:"]],
    errors: [
      ["missing-key", "1:1: error: missing required key 'regions' in the file (add 'regions:' with a mapping)"],
      ["unknown-key", "2:1: error: unknown key 'regoins' in the file (did you mean 'regions'?)"],
    ],
  },
  {
    name: "an unsupported format version",
    edits: [["version: 1", "version: 2"]],
    errors: [["invalid-value", "1:10: error: version: expected 1 (use one of: 1)"]],
  },
  {
    name: "a resource naming an undeclared region",
    edits: [["regions: [us, eu]\n        callbacks", "regions: [us, eu, ap]\n        callbacks"]],
    errors: [["unknown-region", "30:27: error: unknown region 'ap' (declare it under 'regions' or use one of us, eu)"]],
  },
  {
    name: "a resource naming an undeclared account",
    edits: [["      - name: Storefront\n", "      - name: Storefront\n        account: auth0-eu\n"]],
    errors: [["unknown-account", "30:18: error: unknown account 'auth0-eu' (use one of auth0-main)"]],
  },
  {
    name: "an account with an unknown provider",
    edits: [["provider: auth0", "provider: auth1"]],
    errors: [
      ["unknown-provider", "15:15: error: account 'auth0-main': unknown provider 'auth1' (did you mean 'auth0'?)"],
    ],
  },
  {
    name: "a secret value in the file",
    edits: [["client_secret_env: AUTH0_CLIENT_SECRET", "client_secret: s3cr3t-value"]],
    errors: [
      [
        "secret-value",
        "18:5: error: accounts.auth0-main.client_secret: 'client_secret' holds a secret value in the file (put the value in an environment variable and name it with 'client_secret_env: VARIABLE_NAME')",
      ],
    ],
  },
  {
    name: "a token-looking value anywhere",
    edits: [['message: "Errors in ${region.name}."', 'message: "ghp_abcdefghijklmnopqrstuvwxyz0123456789"']],
    errors: [
      [
        "secret-value",
        "38:9: error: resources.datadog.monitors[0].message: the value of 'message' looks like a GitHub token (move it to an environment variable and reference the variable's name with a '*_env' key)",
      ],
    ],
  },
  {
    name: "an unknown placeholder",
    edits: [["https://${region.host}/callback", "https://${region.hostname}/callback"]],
    errors: [
      [
        "placeholder",
        "31:21: error: unknown placeholder '${region.hostname}' (use one of region.name, region.host, region.hosts, region.cloud_region, region.paging, region.values.KEY)",
      ],
    ],
  },
  {
    name: "a region value that is not declared",
    edits: [["https://${region.host}/callback", "https://${region.values.domain}/callback"]],
    errors: [
      [
        "placeholder",
        "31:21: error: region 'us' has no value 'domain' (define regions.us.values.domain, or use one of tier)",
      ],
      ["placeholder", "31:21: error: region 'eu' has no value 'domain' (define regions.eu.values.domain)"],
    ],
  },
  {
    name: "a placeholder in a resource without regions",
    edits: [["        regions: [us, eu]\n        callbacks", "        account: auth0-main\n        callbacks"]],
    errors: [
      [
        "placeholder",
        "31:21: error: placeholder '${region.host}' needs a region, but this resource declares no 'regions' (add 'regions: [...]' to the resource, or write the value out)",
      ],
    ],
  },
  {
    name: "a typo in a resource field",
    edits: [["        callbacks:", "        calbacks:"]],
    errors: [
      [
        "unknown-key",
        "31:9: error: unknown key 'calbacks' in resources.auth0.applications[0] (did you mean 'callbacks'?)",
      ],
    ],
  },
  {
    name: "resources that collide after region expansion",
    edits: [['name: "[${region.name}] errors"', 'name: "errors"']],
    errors: [
      [
        "collision",
        "34:9: error: monitor 'errors' in account 'datadog-main' is declared twice after region expansion (datadog/monitor/errors@us and datadog/monitor/errors@eu) (put ${region.name} in the name, or bind the regions to different accounts)",
      ],
    ],
  },
  {
    name: "a plain-http callback URL",
    edits: [["https://${region.host}/callback", "http://${region.host}/callback"]],
    errors: [
      [
        "auth0.url",
        "31:21: error: application 'Storefront', callbacks: 'http://app.example.com/callback' must use https (http is allowed only for localhost)",
      ],
      [
        "auth0.url",
        "31:21: error: application 'Storefront', callbacks: 'http://eu.example.com/callback' must use https (http is allowed only for localhost)",
      ],
    ],
  },
  {
    name: "a wildcard outside the left-most label",
    edits: [["https://${region.host}/callback", "https://app.*.example.com/callback"]],
    errors: [
      [
        "auth0.url",
        "31:21: error: application 'Storefront', callbacks: 'https://app.*.example.com/callback' may use '*' only once, in the left-most label of the host",
      ],
    ],
  },
  {
    name: "an http endpoint that is not loopback",
    // The port the emulator was given becomes a comment.
    edits: [["endpoint: http://127.0.0.1", "endpoint: http://proxy.example.com #"]],
    errors: [
      [
        "insecure-url",
        "19:15: error: accounts.auth0-main.endpoint: http://proxy.example.com uses plain http; credentials would travel unencrypted (write https:// (http is allowed only on loopback))",
      ],
      [
        "untrusted-endpoint",
        "19:15: error: account 'auth0-main': endpoint would send its credentials to http://proxy.example.com, which is not auth0's own API (use the vendor's API; only the operator can allow another endpoint, outside the file: REGIONSYNC_ALLOWED_ENDPOINTS=http://proxy.example.com)",
      ],
    ],
  },
  {
    name: "a YAML syntax error",
    edits: [["    hosts: [eu.example.com]", "    hosts: [eu.example.com"]],
    errors: [
      [
        "yaml-syntax",
        "11:5: error: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ] (and 2 more problems that may follow from it) (fix the YAML syntax here; quote values that contain ': ', '#', '{' or '}' in flow collections)",
      ],
    ],
  },
  {
    name: "a duplicate key",
    edits: [["    cloud_region: eu-west-1", "    cloud_region: eu-west-1\n    cloud_region: eu-west-2"]],
    errors: [["yaml-syntax", "12:5: error: YAML syntax: Map keys must be unique (remove one of the duplicate keys)"]],
  },
  {
    name: "a region name with capitals",
    edits: [["  eu:\n", "  EU:\n"]],
    errors: [
      ["invalid-name", "9:3: error: region name 'EU' is not allowed (use lower-case letters, digits and '-')"],
      ["unknown-region", "30:23: error: unknown region 'eu' (declare it under 'regions' or use one of us)"],
      ["unknown-region", "35:23: error: unknown region 'eu' (declare it under 'regions' or use one of us)"],
    ],
  },
  {
    name: "a host written as a URL",
    edits: [["hosts: [eu.example.com]", "hosts: [https://eu.example.com]"]],
    errors: [
      ["invalid-value", "10:13: error: regions.eu.hosts[0]: a host is a lower-case DNS name without scheme or path"],
    ],
  },
  {
    name: "a region bound to an undeclared account",
    edits: [
      [
        "    accounts: { auth0: auth0-main, datadog: datadog-main }\naccounts:",
        "    accounts: { auth0: auth0-eu, datadog: datadog-main }\naccounts:",
      ],
    ],
    errors: [["unknown-account", "12:24: error: unknown account 'auth0-eu' (use one of auth0-main)"]],
  },
  {
    name: "a region bound to an account of another vendor",
    edits: [
      [
        "    accounts: { auth0: auth0-main, datadog: datadog-main }\naccounts:",
        "    accounts: { auth0: datadog-main, datadog: datadog-main }\naccounts:",
      ],
    ],
    errors: [
      [
        "account-provider-mismatch",
        "12:24: error: region 'eu' binds auth0 to account 'datadog-main', which is a datadog account (bind an account whose provider is auth0)",
      ],
    ],
  },
  {
    name: "a missing required region field",
    edits: [["    cloud_region: eu-west-1\n", ""]],
    errors: [
      [
        "missing-key",
        "10:5: error: missing required key 'cloud_region' in regions.eu (add 'cloud_region:' with a string)",
      ],
    ],
  },
  {
    name: "an unknown policy",
    edits: [["      - name: Storefront\n", "      - name: Storefront\n        policy: ignore\n"]],
    errors: [
      [
        "invalid-value",
        '30:17: error: resources.auth0.applications[0].policy: expected one of "manage"|"observe" (use one of: "manage", "observe")',
      ],
    ],
  },
  {
    name: "an unknown resource kind",
    edits: [["    monitors:", "    monitor:"]],
    errors: [["unknown-key", "33:5: error: unknown key 'monitor' in resources.datadog (did you mean 'monitors'?)"]],
  },
  {
    name: "several problems at once are all reported",
    edits: [
      ["    hosts: [app.example.com]", "    hosts: [app.example.com]\n    colud_region: us-east-1"],
      ["      - name: Storefront\n", "      - name: Storefront\n        policy: ignore\n"],
      ["type: query alert", "type: querry alert"],
    ],
    errors: [
      ["unknown-key", "5:5: error: unknown key 'colud_region' in regions.us (did you mean 'cloud_region'?)"],
      [
        "invalid-value",
        '31:17: error: resources.auth0.applications[0].policy: expected one of "manage"|"observe" (use one of: "manage", "observe")',
      ],
      [
        "invalid-value",
        "38:15: error: resources.datadog.monitors[0].type: 'querry alert' is not allowed (did you mean 'query alert'?)",
      ],
    ],
  },
];

describe("malformed desired-state.yaml", () => {
  refusesEach(emulatorHarness(), cases);
});
