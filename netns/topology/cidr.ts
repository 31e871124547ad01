// IPv4/IPv6 addresses and prefixes as numbers: parsing, containment and overlap. Validity is node's strict check
// (dotted decimal only, no "10.1" or hex forms); the arithmetic is ipaddr.js's (a well-kept library, not ours).
import ipaddr from "ipaddr.js";
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

/** The family of an IP address string, or undefined when it is none. */
export function familyOf(address: string): Family | undefined {
  return isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
}

const toBigint = (a: ipaddr.IPv4 | ipaddr.IPv6) => a.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

/** An address as a number; the caller has checked it with familyOf. */
export function addressValue(address: string): bigint {
  return toBigint(ipaddr.parse(address));
}

/** Parse "address/prefix"; undefined when it is not a valid IPv4 or IPv6 prefix. */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
  if (!match?.[1] || !familyOf(match[1])) return undefined;
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text);
  } catch {
    return undefined; // prefix longer than the family allows
  }
  const [addr, prefix] = parsed;
  const network = addr.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  return { family: addr.kind() === "ipv4" ? 4 : 6, address: match[1], value: toBigint(addr), prefix, network: toBigint(network) };
}

const parsedOf = (c: Cidr) => ipaddr.parse(c.address);

/** True when the prefixes of `a` and `b` share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const [x, y] = [parsedOf(a), parsedOf(b)];
  return x.kind() === "ipv4" ? (x as ipaddr.IPv4).match(y as ipaddr.IPv4, Math.min(a.prefix, b.prefix)) : (x as ipaddr.IPv6).match(y as ipaddr.IPv6, Math.min(a.prefix, b.prefix));
}

/** The address of `family` whose number is `value`. */
function fromValue(family: Family, value: bigint): ipaddr.IPv4 | ipaddr.IPv6 {
  const length = family === 4 ? 4 : 16;
  const bytes = Array.from({ length }, (_, i) => Number((value >> BigInt(8 * (length - 1 - i))) & 0xffn));
  return ipaddr.fromByteArray(bytes);
}

/** The text of the address of `family` whose number is `value` (IPv6 compressed, RFC 5952). */
export function addressText(family: Family, value: bigint): string {
  return fromValue(family, value).toString();
}

/** True when address `value` (of `family`) lies inside prefix `net`. */
export function contains(net: Cidr, family: Family, value: bigint): boolean {
  if (net.family !== family) return false;
  const addr = fromValue(family, value);
  return family === 4 ? (addr as ipaddr.IPv4).match(parsedOf(net) as ipaddr.IPv4, net.prefix) : (addr as ipaddr.IPv6).match(parsedOf(net) as ipaddr.IPv6, net.prefix);
}

/** The prefix of an interface address as text, e.g. 10.77.1.1/24 -> 10.77.1.0/24 (IPv6 compressed, RFC 5952). */
export function networkText(c: Cidr): string {
  return `${fromValue(c.family, c.network).toString()}/${c.prefix}`;
}
