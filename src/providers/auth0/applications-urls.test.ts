import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { originWarning, urlProblems } from "./applications-urls.js";

describe("urlProblems", () => {
  it("accepts https and loopback http", () => {
    assert.deepEqual(urlProblems("callbacks", "https://eu.example.com/callback"), []);
    assert.deepEqual(urlProblems("callbacks", "http://localhost:3000/callback"), []);
    assert.deepEqual(urlProblems("callbacks", "http://127.0.0.1/cb"), []);
  });

  it("refuses http elsewhere and other schemes", () => {
    assert.equal(urlProblems("callbacks", "http://eu.example.com/callback").length, 1);
    assert.equal(urlProblems("web_origins", "ftp://eu.example.com").length, 1);
  });

  it("allows one wildcard in the left-most label only", () => {
    assert.deepEqual(urlProblems("callbacks", "https://*.example.com/cb"), []);
    assert.deepEqual(urlProblems("callbacks", "https://p-*-s.example.com"), []);
    assert.equal(urlProblems("callbacks", "https://*.com").length, 1);
    assert.equal(urlProblems("callbacks", "https://sub.*.example.com").length, 1);
    assert.equal(urlProblems("callbacks", "https://*.*.example.com").length, 1);
  });

  it("catches comma-joined lists and relative URLs", () => {
    assert.match(urlProblems("callbacks", "https://a.example.com,https://b.example.com")[0]!, /comma/);
    assert.match(urlProblems("callbacks", "/callback")[0]!, /absolute/);
  });

  it("requires https without wildcard for initiate_login_uri, even on loopback", () => {
    assert.deepEqual(urlProblems("initiate_login_uri", "https://eu.example.com/login"), []);
    assert.equal(urlProblems("initiate_login_uri", "http://localhost/login").length, 1);
    assert.equal(urlProblems("initiate_login_uri", "https://*.example.com/login").length, 1);
  });
});

describe("originWarning", () => {
  it("warns about paths in origins only", () => {
    assert.equal(originWarning("web_origins", "https://eu.example.com"), undefined);
    assert.match(originWarning("allowed_origins", "https://eu.example.com/app") ?? "", /path/);
    assert.equal(originWarning("callbacks", "https://eu.example.com/app"), undefined);
  });
});
