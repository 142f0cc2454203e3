import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalCidr, overlaps, parseCidr, sortCidrs } from "./cidr.js";

const ok = (text: string) => {
  const parsed = parseCidr(text);
  assert.ok("cidr" in parsed, `${text}: ${"error" in parsed ? parsed.error : ""}`);
  return parsed.cidr;
};
const refused = (text: string) => {
  const parsed = parseCidr(text);
  assert.ok("error" in parsed, `${text} should be refused`);
  return parsed;
};

describe("CIDR blocks", () => {
  it("accepts IPv4 and IPv6 networks and spells IPv6 the RFC 5952 way", () => {
    assert.equal(ok("203.0.113.0/24").text, "203.0.113.0/24");
    assert.equal(ok("0.0.0.0/0").text, "0.0.0.0/0");
    assert.equal(ok("198.51.100.7/32").text, "198.51.100.7/32");
    assert.equal(ok("2001:DB8:0:0::/32").text, "2001:db8::/32");
    assert.equal(ok("2001:0db8:0000:0000:0001:0000:0000:0000/80").text, "2001:db8:0:0:1::/80");
    assert.equal(ok("2001:db8:0:0:1:0:0:1/128").text, "2001:db8::1:0:0:1/128");
    assert.equal(ok("::/0").text, "::/0");
    assert.equal(ok("::ffff:192.0.2.0/120").text, "::ffff:c000:200/120");
    assert.equal(ok("2001:db8:1:2:3:4:5:6/128").text, "2001:db8:1:2:3:4:5:6/128");
  });

  it("refuses host bits and names the network instead of guessing it", () => {
    const v4 = refused("10.0.0.5/24");
    assert.match(v4.error, /host bits/);
    assert.match(v4.hint ?? "", /'10\.0\.0\.0\/24'/);
    assert.match(refused("2001:db8::1/64").hint ?? "", /'2001:db8::\/64'/);
  });

  it("refuses what is not a CIDR block, saying why", () => {
    assert.match(refused("203.0.113.7").hint ?? "", /203\.0\.113\.7\/32/);
    assert.match(refused("2001:db8::1").hint ?? "", /\/128/);
    assert.match(refused("203.0.113.0/33").error, /prefix length/);
    assert.match(refused("203.0.113.0/").error, /prefix length/);
    assert.match(refused("203.0.113.0/-1").error, /prefix length/);
    assert.match(refused("2001:db8::/129").error, /prefix length/);
    assert.match(refused("300.0.0.0/8").error, /not an IPv4 or IPv6/);
    assert.match(refused("010.0.0.0/8").error, /not an IPv4 or IPv6/);
    assert.match(refused("example.com/24").error, /not an IPv4 or IPv6/);
    assert.match(refused("fe80::%eth0/64").error, /not an IPv4 or IPv6/);
  });

  it("orders IPv4 before IPv6, by address, wider first", () => {
    assert.deepEqual(sortCidrs(["2001:db8::/32", "10.0.0.0/16", "9.0.0.0/8", "10.0.0.0/8", "junk"]), [
      "9.0.0.0/8",
      "10.0.0.0/8",
      "10.0.0.0/16",
      "2001:db8::/32",
      "junk",
    ]);
    assert.equal(canonicalCidr("2001:DB8::/32"), "2001:db8::/32");
    assert.equal(canonicalCidr("junk"), "junk");
  });

  it("tells overlapping networks apart from neighbours", () => {
    assert.ok(overlaps(ok("10.0.0.0/16"), ok("10.0.1.0/24")));
    assert.ok(overlaps(ok("10.0.1.0/24"), ok("10.0.0.0/16")));
    assert.ok(!overlaps(ok("10.0.0.0/24"), ok("10.0.1.0/24")));
    assert.ok(!overlaps(ok("0.0.0.0/0"), ok("::/0")));
    assert.ok(overlaps(ok("2001:db8::/32"), ok("2001:db8:ff00::/40")));
  });
});
