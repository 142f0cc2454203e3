import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkGitHubAppRedirect, checkOAuthRedirect, sharedOAuthCallback } from "./redirect.js";

type Reason = "invalid-url" | "scheme" | "host" | "port" | "path" | "not-registered";

// The first nine rows are the examples of docs.github.com "Authorizing OAuth apps", section "Redirect URLs".
const oauthCases: Array<[callback: string, redirect: string, expected: true | Reason, why: string]> = [
  ["http://example.com/path", "http://example.com/path", true, "docs: the callback itself"],
  ["http://example.com/path", "http://example.com/path/subdir/other", true, "docs: a sub-directory"],
  ["http://example.com/path", "http://oauth.example.com/path", true, "docs: a sub-domain"],
  ["http://example.com/path", "http://oauth.example.com/path/subdir/other", true, "docs: sub-domain and sub-directory"],
  ["http://example.com/path", "http://example.com/bar", "path", "docs: a sibling path"],
  ["http://example.com/path", "http://example.com/", "path", "docs: the root"],
  ["http://example.com/path", "http://example.com:8080/path", "port", "docs: another port"],
  ["http://example.com/path", "http://oauth.example.com:8080/path", "port", "docs: sub-domain on another port"],
  ["http://example.com/path", "http://example.org", "host", "docs: another domain"],
  ["http://127.0.0.1/path", "http://127.0.0.1:1234/path", true, "docs: loopback may use any port"],
  ["http://[::1]:8000/cb", "http://[::1]:51004/cb", true, "IPv6 loopback literal may use any port"],
  ["http://127.0.0.1/path", "http://127.0.0.1:1234/other", "path", "loopback still needs the path"],
  ["http://localhost/path", "http://localhost:1234/path", "port", "localhost by name is held to the port rule"],
  [
    "https://example.com/auth/github/callback",
    "https://eu.example.com/auth/github/callback",
    true,
    "a parent-domain callback serves every region",
  ],
  [
    "https://app.example.com/auth/github/callback",
    "https://eu.example.com/auth/github/callback",
    "host",
    "eu. is not under app.",
  ],
  ["https://app.example.com/cb", "https://api.eu.example.com/cb", "host", "a deeper sibling is not under app. either"],
  ["https://example.com/cb", "https://api.eu.example.com/cb", true, "any depth of sub-domain"],
  ["https://example.com/cb", "https://notexample.com/cb", "host", "a suffix that is not a label boundary"],
  ["https://example.com/cb", "https://example.com/cbx", "path", "a longer segment is not below the path"],
  ["https://example.com/cb/", "https://example.com/cb/next", true, "trailing slash callback"],
  ["https://example.com/cb", "http://example.com/cb", "scheme", "a downgrade to http"],
  ["https://example.com:443/cb", "https://example.com/cb", true, "the default port written out is the same port"],
  ["https://EXAMPLE.com/cb", "https://eu.example.COM/cb", true, "host names compare case-insensitively"],
  ["https://example.com/cb", "not a url", "invalid-url", "garbage"],
];

describe("checkOAuthRedirect", () => {
  for (const [callback, redirect, expected, why] of oauthCases) {
    it(`${why}: ${callback} ← ${redirect}`, () => {
      const verdict = checkOAuthRedirect(callback, redirect);
      if (expected === true) assert.equal(verdict.accepted, true, JSON.stringify(verdict));
      else assert.deepEqual([verdict.accepted, verdict.accepted ? undefined : verdict.reason], [false, expected]);
    });
  }
});

const appCallbacks = ["https://app.example.com/integrations/github/callback", "http://127.0.0.1:3000/callback"];
const appCases: Array<[redirect: string, accepted: boolean, why: string]> = [
  ["https://app.example.com/integrations/github/callback", true, "docs: an exact match"],
  ["https://app.example.com/integrations/github/callback/x", false, "no path prefix for GitHub Apps"],
  ["https://eu.app.example.com/integrations/github/callback", false, "no sub-domains for GitHub Apps"],
  ["https://app.example.com/integrations/github/callback?region=eu", false, "docs: no extra parameters"],
  ["http://127.0.0.1:3001/callback", false, "no loopback port exception for an exact match"],
  ["http://127.0.0.1:3000/callback", true, "a loopback callback matched exactly"],
];

describe("checkGitHubAppRedirect", () => {
  for (const [redirect, accepted, why] of appCases) {
    it(`${why}: ${redirect}`, () => {
      assert.equal(checkGitHubAppRedirect(appCallbacks, redirect).accepted, accepted);
    });
  }
});

describe("sharedOAuthCallback", () => {
  it("finds the parent domain and the common path of two regions", () => {
    assert.equal(
      sharedOAuthCallback([
        "https://app.example.com/auth/github/callback",
        "https://eu.example.com/auth/github/callback",
      ]),
      "https://example.com/auth/github/callback",
    );
  });
  it("keeps only whole common path segments", () => {
    assert.equal(
      sharedOAuthCallback(["https://a.example.com/x/cb", "https://b.example.com/x/cb2"]),
      "https://example.com/x",
    );
  });
  it("gives up across registrable domains, schemes or ports", () => {
    assert.equal(sharedOAuthCallback(["https://example.com/cb", "https://example.eu/cb"]), undefined);
    assert.equal(sharedOAuthCallback(["https://a.example.com/cb", "http://b.example.com/cb"]), undefined);
    assert.equal(sharedOAuthCallback(["https://a.example.com:8443/cb", "https://b.example.com/cb"]), undefined);
  });
  it("every suggestion accepts every redirect it was built from", () => {
    const redirects = ["https://app.example.com/a/b", "https://api.eu.example.com/a/c", "https://example.com/a"];
    const shared = sharedOAuthCallback(redirects);
    assert.ok(shared);
    for (const r of redirects) assert.equal(checkOAuthRedirect(shared, r).accepted, true, r);
  });
});
