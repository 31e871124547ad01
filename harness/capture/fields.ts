// The tshark fields the decoder asks for, and typed accessors over one packet's field row.
import type { FieldRow } from "./tshark.ts";

/**
 * Every field decoded into a Frame. Deliberately absent: payload bytes, `http.authbasic`,
 * `http.request.line` and NTLM responses, so no proxy secret is ever read from tshark.
 */
export const FIELDS = [
  "frame.number", "frame.time_epoch", "frame.len", "frame.protocols", "frame.interface_name",
  "eth.src", "eth.dst", "eth.type", "vlan.id", "ieee8021ad.id",
  "ip.version", "ip.src", "ip.dst", "ip.proto", "ipv6.src", "ipv6.dst", "ipv6.nxt",
  "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "arp.src.hw_mac",
  "icmp.type", "icmp.code", "icmpv6.type", "icmpv6.opt.prefix", "icmpv6.opt.prefix.length", "icmpv6.opt.rdnss",
  "tcp.srcport", "tcp.dstport", "tcp.flags", "udp.srcport", "udp.dstport",
  "dhcp.type", "dhcp.hw.mac_addr", "dhcp.ip.your", "dhcp.option.dhcp", "dhcp.option.subnet_mask",
  "dhcp.option.router", "dhcp.option.domain_name_server", "dhcp.option.domain_name", "dhcp.option.hostname",
  "dhcp.option.netbios_over_tcpip_name_server", "dhcp.option.ip_address_lease_time",
  "dhcp.option.dhcp_server_id", "dhcp.option.requested_ip_address",
  "dhcpv6.msgtype", "dhcpv6.iaaddr.ip", "dhcpv6.dns_server",
  "dns.qry.name", "dns.qry.type", "dns.flags.response", "dns.flags.rcode", "dns.a", "dns.aaaa", "dns.cname",
  "http.request.method", "http.request.uri", "http.host", "http.response.code",
  "http.proxy_authorization", "http.proxy_authenticate",
  "ntlmssp.messagetype", "ntlmssp.auth.username", "ntlmssp.auth.domain",
  "tls.handshake.type", "tls.handshake.extensions_server_name",
  "syslog.facility", "syslog.level", "syslog.msg",
] as const;

export type FieldName = (typeof FIELDS)[number];

/** Typed reads of one packet's fields. */
export class Fields {
  constructor(private readonly row: FieldRow) {}

  /** All occurrences of `name`, outer first. */
  all(name: FieldName): readonly string[] {
    return this.row[name] ?? [];
  }

  /** The first (outermost) occurrence, or undefined. */
  str(name: FieldName): string | undefined {
    return this.row[name]?.[0];
  }

  /** The first occurrence as a number (decimal or 0x-hex), or undefined. */
  num(name: FieldName): number | undefined {
    const s = this.str(name);
    if (s === undefined || s === "") return undefined;
    const n = Number(s);
    return Number.isFinite(n) ? n : undefined;
  }

  /** All occurrences as numbers. */
  nums(name: FieldName): number[] {
    return this.all(name).map(Number).filter(Number.isFinite);
  }

  /** True when `name` occurs at least once. */
  has(name: FieldName): boolean {
    return (this.row[name]?.length ?? 0) > 0;
  }
}

/** Copy only present keys, so records stay free of `undefined` noise. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
