// decode(file): a pcap into typed Frames (tshark fields -> link, network, transport and application layers).
import * as app from "./decode-app.ts";
import { FIELDS, Fields, compact } from "./fields.ts";
import type { Frame } from "./frame.ts";
import * as names from "./names.ts";
import { DecodeOptionsSchema, parseOptions, type DecodeOptions } from "./options.ts";
import { CaptureError } from "./errors.ts";
import { invalidFields, readFields, type FieldRow } from "./tshark.ts";

/** Decode every frame of `file` (optionally only those matching a tshark display filter). */
export async function decode(file: string, options: DecodeOptions = {}): Promise<Frame[]> {
  const o = parseOptions(DecodeOptionsSchema, options, `decode options for ${file}`);
  return decodeFields(file, FIELDS, o);
}

/** Fields this host's tshark does not know (older or newer Wireshark), learned once per process. */
const unknownFields = new Set<string>();

/**
 * Decode with `fields`; when tshark rejects some of them, drop those (remembered) and retry once,
 * so a lab host with another Wireshark version loses only the layers it cannot name.
 */
export async function decodeFields(file: string, fields: readonly string[], o: DecodeOptions): Promise<Frame[]> {
  for (let attempt = 0; ; attempt++) {
    const frames: Frame[] = [];
    try {
      await readFields(file, fields.filter((f) => !unknownFields.has(f)), o, (row) => frames.push(toFrame(row, o.iface)));
      return frames;
    } catch (error) {
      const rejected = error instanceof CaptureError ? invalidFields(error.stderr ?? "") : [];
      if (attempt > 0 || rejected.length === 0 || !rejected.every((f) => fields.includes(f))) throw error;
      for (const f of rejected) unknownFields.add(f);
    }
  }
}

/** The fields skipped because this host's tshark rejected them. */
export const skippedFields = (): string[] => [...unknownFields];

/** The outer protocol stack: frame.protocols cut at an ICMP/ICMPv6 error's quoted packet. */
export function outerProtocols(stack: string): string[] {
  const parts = stack.split(":").filter(Boolean);
  const icmp = parts.findIndex((p) => p === "icmp" || p === "icmpv6");
  if (icmp < 0) return parts;
  // ICMPv6 neighbour discovery/RA carry no quoted packet; errors (and ICMPv4 errors) quote an IP header.
  const quoted = parts.findIndex((p, i) => i > icmp && (p === "ip" || p === "ipv6"));
  return quoted < 0 ? parts : parts.slice(0, quoted);
}

/** One tshark field row to a Frame. */
export function toFrame(row: FieldRow, iface?: string): Frame {
  const f = new Fields(row);
  const protocols = outerProtocols(f.str("frame.protocols") ?? "");
  const has = (p: string) => protocols.includes(p);
  const frame: Frame = {
    no: f.num("frame.number") ?? 0,
    time: f.num("frame.time_epoch") ?? 0,
    iface: f.str("frame.interface_name") ?? iface,
    protocols,
    len: f.num("frame.len") ?? 0,
    eth: { src: f.str("eth.src") ?? "", dst: f.str("eth.dst") ?? "", type: f.num("eth.type") ?? 0 },
  };
  const vlan = [...f.nums("ieee8021ad.id"), ...f.nums("vlan.id")];
  if (vlan.length) frame.vlan = vlan;
  if (has("ip")) {
    frame.ip = { version: 4, src: f.str("ip.src") ?? "", dst: f.str("ip.dst") ?? "", proto: f.num("ip.proto") ?? -1 };
  } else if (has("ipv6")) {
    frame.ip = { version: 6, src: f.str("ipv6.src") ?? "", dst: f.str("ipv6.dst") ?? "", proto: lastNextHeader(f) };
  }
  if (has("arp")) {
    frame.arp = {
      op: names.arpOp(f.num("arp.opcode") ?? 0),
      senderIp: f.str("arp.src.proto_ipv4") ?? "",
      targetIp: f.str("arp.dst.proto_ipv4") ?? "",
      senderMac: f.str("arp.src.hw_mac") ?? "",
    };
  }
  if (has("icmp")) frame.icmp = { type: f.num("icmp.type") ?? -1, code: f.num("icmp.code") ?? -1 };
  if (has("icmpv6")) frame.icmpv6 = app.icmpv6(f);
  if (has("tcp")) {
    frame.tcp = { srcPort: f.num("tcp.srcport") ?? 0, dstPort: f.num("tcp.dstport") ?? 0, flags: names.tcpFlags(f.num("tcp.flags") ?? 0) };
  }
  if (has("udp")) frame.udp = { srcPort: f.num("udp.srcport") ?? 0, dstPort: f.num("udp.dstport") ?? 0 };
  if (has("dhcp")) frame.dhcp = app.dhcp(f);
  if (has("dhcpv6")) frame.dhcpv6 = app.dhcpv6(f);
  if (has("dns")) frame.dns = app.dns(f);
  if (has("http")) frame.http = app.http(f);
  if (has("tls")) frame.tls = app.tls(f);
  if (has("syslog")) frame.syslog = app.syslog(f);
  return compact(frame);
}

/** The upper-layer protocol of an IPv6 packet: the last next-header of the outer chain (skips extension headers). */
function lastNextHeader(f: Fields): number {
  const chain = f.nums("ipv6.nxt");
  const upper = chain.find((n) => ![0, 43, 44, 50, 51, 60].includes(n));
  return upper ?? chain[0] ?? -1;
}
