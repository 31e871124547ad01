// Ready-made queries for what the suite checks: VLANs, DHCP, TCP/UDP destinations, DNS, proxy CONNECT, SNI, syslog.
import { canonicalIp, canonicalMac } from "./addr.ts";
import type { DhcpMsgType, Dhcpv6MsgType, Frame } from "./frame.ts";
import { Query, where } from "./query.ts";

const lc = (s: string) => s.toLowerCase();
const dotless = (name: string) => lc(name).replace(/\.$/, "");

/** Frames carrying protocol `p` in their outer stack (tshark's name: "arp", "dhcp", "tls", ...). */
export const protocol = (p: string) => where(p.toUpperCase(), (f) => f.protocols.includes(p));

/** Frames tagged with VLAN `id` (at any tag level). */
export const onVlan = (id: number) => where(`on VLAN ${id}`, (f) => f.vlan?.includes(id) ?? false);

/** Frames whose VLAN tag stack is exactly `ids`, outer first. */
export const vlanStack = (...ids: number[]) =>
  where(`VLAN tags ${ids.join(".")}`, (f) => f.vlan?.length === ids.length && ids.every((id, i) => f.vlan?.[i] === id));

/** Frames without any VLAN tag. */
export const untagged = () => where("untagged", (f) => !f.vlan);

/** Frames captured on interface `iface`. */
export const onIface = (iface: string) => where(`on ${iface}`, (f) => f.iface === iface);

/** Frames sent from Ethernet address `mac`. */
export function fromMac(mac: string): Query {
  const m = canonicalMac(mac);
  return where(`from MAC ${m}`, (f) => f.eth.src === m);
}

/** IP packets from `addr`. */
export function ipFrom(addr: string): Query {
  const a = canonicalIp(addr);
  return where(`from ${a}`, (f) => f.ip?.src === a);
}

/** IP packets to `addr`. */
export function ipTo(addr: string): Query {
  const a = canonicalIp(addr);
  return where(`to ${a}`, (f) => f.ip?.dst === a);
}

/** IP packets from or to `addr`. */
export function ipHost(addr: string): Query {
  const a = canonicalIp(addr);
  return where(`from or to ${a}`, (f) => f.ip?.src === a || f.ip?.dst === a);
}

/** ARP, optionally only the given operation and/or target address. */
export function arp(op?: "request" | "reply", targetIp?: string): Query {
  let q = where("ARP", (f) => !!f.arp);
  if (op) q = q.and(where(`ARP ${op}`, (f) => f.arp?.op === op));
  if (targetIp) {
    const t = canonicalIp(targetIp);
    q = q.and(where(`for ${t}`, (f) => f.arp?.targetIp === t));
  }
  return q;
}

/** DHCPv4 messages (never an ICMP error quoting one), optionally of one type. */
export function dhcp(msgType?: DhcpMsgType): Query {
  const q = where("DHCP", (f) => !!f.dhcp);
  return msgType ? q.and(where(`DHCP ${msgType.toUpperCase()}`, (f) => f.dhcp?.msgType === msgType)) : q;
}

/** DHCPv4 messages for client `mac` (chaddr), optionally of one type. */
export function dhcpFrom(mac: string, msgType?: DhcpMsgType): Query {
  const m = canonicalMac(mac);
  return dhcp(msgType).and(where(`client ${m}`, (f) => f.dhcp?.clientMac === m));
}

/** DHCPDISCOVER from client `mac`. */
export const dhcpDiscoverFrom = (mac: string) => dhcpFrom(mac, "discover");

/** DHCPv6 messages, optionally of one type. */
export function dhcpv6(msgType?: Dhcpv6MsgType): Query {
  const q = where("DHCPv6", (f) => !!f.dhcpv6);
  return msgType ? q.and(where(`DHCPv6 ${msgType}`, (f) => f.dhcpv6?.msgType === msgType)) : q;
}

/** ICMPv6 Router Advertisements, optionally announcing `prefix` ("2001:db8:1::/64"). */
export function routerAdvertisement(prefix?: string): Query {
  const q = where("ICMPv6 RA", (f) => !!f.icmpv6?.ra);
  if (!prefix) return q;
  const [net = "", len = "64"] = prefix.split("/");
  const p = `${canonicalIp(net)}/${len}`;
  return q.and(where(`prefix ${p}`, (f) => f.icmpv6?.ra?.prefixes.includes(p) ?? false));
}

/** Any TCP segment to `addr` (and `port`, when given). */
export function tcpTo(addr: string, port?: number): Query {
  const q = where("TCP", (f) => !!f.tcp).and(ipTo(addr));
  return port === undefined ? q : q.and(where(`to port ${port}`, (f) => f.tcp?.dstPort === port));
}

/** TCP connection attempts (SYN without ACK) to `addr` (and `port`). */
export const tcpConnectTo = (addr: string, port?: number) =>
  tcpTo(addr, port).and(where("SYN", (f) => !!f.tcp?.flags.includes("SYN") && !f.tcp.flags.includes("ACK")));

/** Any UDP datagram to `addr` (and `port`). */
export function udpTo(addr: string, port?: number): Query {
  const q = where("UDP", (f) => !!f.udp).and(ipTo(addr));
  return port === undefined ? q : q.and(where(`to port ${port}`, (f) => f.udp?.dstPort === port));
}

/** DNS queries (not responses) for `name` (case-insensitive, trailing dot ignored), optionally of one type. */
export function dnsQueryFor(name: string, type?: string): Query {
  let q = where("DNS query", (f) => !!f.dns && !f.dns.response).and(
    where(`for ${dotless(name)}`, (f) => dotless(f.dns?.query.name ?? "") === dotless(name)),
  );
  if (type) q = q.and(where(`type ${type.toUpperCase()}`, (f) => f.dns?.query.type === type.toUpperCase()));
  return q;
}

/** DNS responses for `name`. */
export const dnsResponseFor = (name: string) =>
  where("DNS response", (f) => !!f.dns?.response).and(where(`for ${dotless(name)}`, (f) => dotless(f.dns?.query.name ?? "") === dotless(name)));

/** HTTP CONNECT to `host` (case-insensitive), optionally with Proxy-Authorization scheme `scheme` (null: none). */
export function httpConnectTo(host: string, scheme?: string | null): Query {
  let q = where("HTTP CONNECT", (f) => f.http?.method === "CONNECT").and(
    where(`to ${lc(host)}`, (f) => lc(f.http?.connectHost ?? "") === lc(host)),
  );
  if (scheme === null) q = q.and(where("without Proxy-Authorization", (f) => !f.http?.proxyAuthScheme));
  else if (scheme) q = q.and(where(`with ${scheme} proxy auth`, (f) => lc(f.http?.proxyAuthScheme ?? "") === lc(scheme)));
  return q;
}

/** TLS handshakes whose ClientHello names server `sni`. */
export const tlsSni = (sni: string) =>
  where("TLS", (f) => !!f.tls).and(where(`SNI ${lc(sni)}`, (f) => lc(f.tls?.sni ?? "") === lc(sni)));

/** Syslog messages whose text contains `text`. */
export const syslogContaining = (text: string) =>
  where("syslog", (f) => !!f.syslog).and(where(`containing ${JSON.stringify(text)}`, (f) => f.syslog?.msg.includes(text) ?? false));

/** Frames for which `pick` is truthy, labelled (escape hatch for one-off checks). */
export const matching = (label: string, pick: (f: Frame) => unknown) => where(label, (f) => !!pick(f));
