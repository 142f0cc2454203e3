/**
 * IPv4 and IPv6 networks in CIDR notation: parsing, the one canonical spelling (RFC 5952 for IPv6), ordering and
 * overlap. Egress ranges, the published ip-ranges.json and every vendor allowlist compare networks through this module,
 * so `2001:DB8::/32` and `2001:db8:0::/32` are one network everywhere.
 */
import { isIPv4, isIPv6 } from "node:net";

export interface Cidr {
  family: 4 | 6;
  /** The network address as an integer. */
  network: bigint;
  length: number;
  /** `a.b.c.d/n`, or the RFC 5952 form of an IPv6 network. */
  text: string;
}

export type CidrResult = { cidr: Cidr } | { error: string; hint?: string };

const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);

function ipv4ToInt(address: string): bigint {
  return address.split(".").reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6ToInt(address: string): bigint {
  let text = address;
  // An embedded IPv4 tail (`::ffff:192.0.2.1`) is two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToInt(v4[1]!);
    text = `${text.slice(0, -v4[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return all.reduce((n, group) => (n << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

function intToIpv4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((n >> shift) & 0xffn)).join(".");
}

/** RFC 5952: lower case, no leading zeros, the longest run (two or more) of zero groups as `::`, the first on a tie. */
function intToIpv6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

export function addressText(family: 4 | 6, n: bigint): string {
  return family === 4 ? intToIpv4(n) : intToIpv6(n);
}

/**
 * Parses `address/length`. A network with host bits set (`10.0.0.5/24`) is refused, not rounded down: the author
 * either mistyped the length or meant one address, and guessing would publish and allow a range nobody chose.
 */
export function parseCidr(text: string): CidrResult {
  const slash = text.indexOf("/");
  if (slash < 0) {
    const family = isIPv4(text) ? "/32" : isIPv6(text) ? "/128" : undefined;
    return family
      ? { error: `'${text}' has no prefix length`, hint: `write '${text}${family}' for one address` }
      : { error: `'${text}' is not a CIDR block (address/length)` };
  }
  const address = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  const family = isIPv4(address) ? 4 : isIPv6(address) && !address.includes("%") ? 6 : undefined;
  if (!family) return { error: `'${address}' in '${text}' is not an IPv4 or IPv6 address` };
  const length = /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : Number.NaN;
  if (!(length >= 0 && length <= bits(family))) {
    return { error: `'${text}' has no valid prefix length (0 to ${bits(family)} for IPv${family})` };
  }
  const value = family === 4 ? ipv4ToInt(address) : ipv6ToInt(address);
  const hostBits = BigInt(bits(family) - length);
  const network = (value >> hostBits) << hostBits;
  if (network !== value) {
    const canonical = `${addressText(family, network)}/${length}`;
    return {
      error: `'${text}' has host bits set`,
      hint: `the network is '${canonical}'; or give the address as /${bits(family)}`,
    };
  }
  return { cidr: { family, network, length, text: `${addressText(family, network)}/${length}` } };
}

/** The canonical spelling of a valid CIDR block, or the text unchanged when it is not one. */
export function canonicalCidr(text: string): string {
  const parsed = parseCidr(text);
  return "cidr" in parsed ? parsed.cidr.text : text;
}

/** IPv4 before IPv6, then by address, then wider first: the order ip-ranges.json and plans list networks in. */
export function compareCidrs(a: Cidr, b: Cidr): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.network !== b.network) return a.network < b.network ? -1 : 1;
  return a.length - b.length;
}

/** Sorts CIDR texts in `compareCidrs` order; texts that do not parse go last, as text. */
export function sortCidrs(texts: Iterable<string>): string[] {
  const parsed = [...texts].map((t) => ({ t, p: parseCidr(t) }));
  return parsed
    .sort((x, y) => {
      if ("cidr" in x.p && "cidr" in y.p) return compareCidrs(x.p.cidr, y.p.cidr);
      if ("cidr" in x.p) return -1;
      if ("cidr" in y.p) return 1;
      return x.t < y.t ? -1 : x.t > y.t ? 1 : 0;
    })
    .map((x) => x.t);
}

/** Whether two networks share an address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const shorter = Math.min(a.length, b.length);
  const shift = BigInt(bits(a.family) - shorter);
  return a.network >> shift === b.network >> shift;
}
