import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createJsonLogger, Redactor } from "./log.js";
import { vendorErrorLine } from "./vendor-error.js";

const SECRET = 'Zk9+/q=w&e r"t\\y%41é-0123456789';

/** Every form the secret must never be seen in, computed here independently of the redactor. */
function forms(secret: string): Record<string, string> {
  const json = JSON.stringify(secret).slice(1, -1);
  return {
    raw: secret,
    uri: encodeURIComponent(secret),
    form: new URLSearchParams({ v: secret }).toString().slice(2),
    json,
    "json twice": JSON.stringify(json).slice(1, -1),
    "json of uri": JSON.stringify(encodeURIComponent(secret)).slice(1, -1),
    base64: Buffer.from(secret).toString("base64"),
    "base64 unpadded": Buffer.from(secret).toString("base64").replace(/=+$/, ""),
    base64url: Buffer.from(secret).toString("base64url"),
  };
}

describe("Redactor", () => {
  it("masks a registered secret in its raw, URL-encoded, form-encoded, JSON-escaped and base64 forms", () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    for (const [name, form] of Object.entries(forms(SECRET))) {
      const out = redactor.redact(`before ${form} after`);
      assert.ok(!out.includes(form), `${name}: ${out}`);
      assert.match(out, /^before .*\*\*\*.* after$/, name);
    }
  });

  it("masks the secret in base64 at any offset of a larger encoded value (a Basic credential)", () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    for (const user of ["a", "ab", "abc"]) {
      const basic = Buffer.from(`${user}:${SECRET}`).toString("base64");
      const out = redactor.redact(`credential ${basic}`);
      // At most the characters shared with the user name and the last partial group remain.
      assert.ok(out.length < `credential ${basic}`.length - 20, out);
    }
  });

  it("masks a secret inside a JSON log line that carries an error message carrying a JSON body", () => {
    const redactor = new Redactor();
    redactor.add(SECRET);
    const lines: string[] = [];
    const logger = createJsonLogger({ redactor, write: (l) => lines.push(l) });
    const body = JSON.stringify({ echoed: `client_id=x&secret=${encodeURIComponent(SECRET)}`, raw: SECRET });
    logger.error("failed", { error: new Error(`vendor said ${body}`) });
    for (const [name, form] of Object.entries(forms(SECRET))) assert.ok(!lines[0]!.includes(form), name);
  });

  it("masks labelled credentials it was never told about", () => {
    const redactor = new Redactor();
    const cases: Array<[string, string]> = [
      ["Authorization: Bearer eyJhbGciOi.payload.sig", "eyJhbGciOi"],
      ["authorization: token ghp_abcdefghijklmnop", "ghp_abcdefghijklmnop"],
      ['{"authorization":"Basic dXNlcjpwYXNz"}', "dXNlcjpwYXNz"],
      ["grant_type=client_credentials&client_id=app&client_secret=s3cr%2Bt%3D&audience=x", "s3cr%2Bt%3D"],
      ['{"access_token":"at-1234567890","token_type":"Bearer"}', "at-1234567890"],
      ['{\\"client_secret\\":\\"cs-1234567890\\"}', "cs-1234567890"],
      ["DD-API-KEY: 0123456789abcdef0123", "0123456789abcdef0123"],
      ['{"DD-APPLICATION-KEY": "appkey0123456789"}', "appkey0123456789"],
      ["x-api-key: k-0123456789", "k-0123456789"],
      ['{"token":"ghs_installation0123456789"}', "ghs_installation0123456789"],
      ["sent Bearer abcdefgh.ijklmnop to the proxy", "abcdefgh.ijklmnop"],
      ["https://x.example.com/cb?code=1&access_token=qwertyuiop", "qwertyuiop"],
    ];
    for (const [text, credential] of cases) {
      const out = redactor.redact(text);
      assert.ok(!out.includes(credential), `${text} → ${out}`);
      assert.match(out, /\*\*\*/, text);
    }
  });

  it("leaves ordinary text alone, and ignores values too short to be credentials", () => {
    const redactor = new Redactor();
    redactor.add("abc");
    redactor.add(undefined);
    const text = "Plan: 3 to create, 1 to update. token_env: REGIONSYNC_GITHUB_TOKEN; the secret is (sensitive).";
    assert.equal(redactor.redact(text), text);
  });

  it("masks the longest form whole when one secret contains another", () => {
    const redactor = new Redactor();
    redactor.add("short-secret");
    redactor.add("short-secret-and-more");
    assert.equal(redactor.redact("x short-secret-and-more y"), "x *** y");
  });
});

describe("vendor error summaries", () => {
  it("keep the status, the code and the first line of the message, bounded, with labelled credentials masked", () => {
    const message = `refused client_secret=abc%2Bdef with body ${"x".repeat(500)}\nAuthorization: Bearer zzz`;
    const line = vendorErrorLine({ status: 401, code: "access_denied", message });
    assert.match(line, /^HTTP 401 access_denied: refused client_secret=\*\*\* with body x+…$/);
    assert.ok(line.length < 260);
    assert.ok(!line.includes("abc%2Bdef") && !line.includes("zzz"));
  });
});
