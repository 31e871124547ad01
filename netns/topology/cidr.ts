// IPv4/IPv6 addresses and prefixes as numbers: parsing, containment and overlap, without a dependency.
import { isIPv4, isIPv6 } from "node:net";

export type Family = 4 | 6;

/** An address with its prefix length, e.g. 10.77.1.1/24 (host bits may be set: it is an interface address). */
export interface Cidr {
  family: Family;
  /** The address as written, without the prefix length. */
  address: string;
  /** The address as a number. */
  value: bigint;
  prefix: number;
  /** The first address of the prefix as a number. */
  network: bigint;
}

const bits = (family: Family) => (family === 4 ? 32 : 128);

/** The family of an IP address string, or undefined when it is none. */
export function familyOf(address: string): Family | undefined {
  return isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
}

/** An address as a number; the caller has checked it with familyOf. */
export function addressValue(address: string): bigint {
  if (isIPv4(address)) return address.split(".").reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
  let text = address;
  const v4tail = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4tail?.[1]) {
    const v = addressValue(v4tail[1]);
    text = `${text.slice(0, v4tail.index)}:${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** Parse "address/prefix"; undefined when it is not a valid IPv4 or IPv6 prefix. */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  const family = familyOf(match[1]);
  const prefix = Number(match[2]);
  if (!family || prefix > bits(family)) return undefined;
  const value = addressValue(match[1]);
  return { family, address: match[1], value, prefix, network: networkOf(value, prefix, family) };
}

function networkOf(value: bigint, prefix: number, family: Family): bigint {
  const hostBits = BigInt(bits(family) - prefix);
  return (value >> hostBits) << hostBits;
}

/** True when the prefixes of `a` and `b` share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const shorter = Math.min(a.prefix, b.prefix);
  return networkOf(a.value, shorter, a.family) === networkOf(b.value, shorter, b.family);
}

/** True when address `value` (of `family`) lies inside prefix `net`. */
export function contains(net: Cidr, family: Family, value: bigint): boolean {
  return net.family === family && networkOf(value, net.prefix, family) === net.network;
}

/** The prefix of an interface address as text, e.g. 10.77.1.1/24 -> 10.77.1.0/24. */
export function networkText(c: Cidr): string {
  if (c.family === 4) {
    const octets = [24n, 16n, 8n, 0n].map((shift) => String((c.network >> shift) & 0xffn));
    return `${octets.join(".")}/${c.prefix}`;
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((c.network >> shift) & 0xffffn).toString(16));
  const joined = groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::").replace(/:::+/, "::");
  return `${joined}/${c.prefix}`;
}
