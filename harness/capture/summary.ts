// One-line human summaries of frames, for failure messages and the CLI (no secrets: frames hold none).
import type { Frame } from "./frame.ts";

/** "#12 vlan 10 10.79.0.1:40000 > 10.79.0.2:443 TCP [SYN]" and the top application detail. */
export function summarize(f: Frame): string {
  const parts = [`#${f.no}`];
  if (f.iface) parts.push(`${f.iface}:`);
  if (f.vlan) parts.push(`vlan ${f.vlan.join(".")}`);
  const sport = f.tcp?.srcPort ?? f.udp?.srcPort;
  const dport = f.tcp?.dstPort ?? f.udp?.dstPort;
  const at = (addr: string, port: number | undefined) => (port === undefined ? addr : f.ip?.version === 6 ? `[${addr}]:${port}` : `${addr}:${port}`);
  if (f.ip) parts.push(`${at(f.ip.src, sport)} > ${at(f.ip.dst, dport)}`);
  else parts.push(`${f.eth.src} > ${f.eth.dst}`);
  parts.push(detail(f));
  return parts.join(" ");
}

function detail(f: Frame): string {
  if (f.arp) {
    if (f.arp.op === "request") return `ARP request who-has ${f.arp.targetIp} tell ${f.arp.senderIp}`;
    if (f.arp.op === "reply") return `ARP reply ${f.arp.senderIp} is-at ${f.arp.senderMac}`;
    return `ARP ${f.arp.op} from ${f.arp.senderIp} (${f.arp.senderMac}) about ${f.arp.targetIp}`;
  }
  if (f.dhcp) {
    const o = f.dhcp.options;
    const extra = [
      f.dhcp.yiaddr !== "0.0.0.0" ? `yiaddr ${f.dhcp.yiaddr}` : "",
      o.router ? `router ${o.router.join(",")}` : "",
      o.dnsServers ? `dns ${o.dnsServers.join(",")}` : "",
      o.netbios ? `wins ${o.netbios.join(",")}` : "",
    ].filter(Boolean);
    return `DHCP ${f.dhcp.msgType.toUpperCase()} from ${f.dhcp.clientMac}${extra.length ? ` (${extra.join("; ")})` : ""}`;
  }
  if (f.dhcpv6) {
    const v6 = f.dhcpv6;
    const extra = [v6.addresses ? `addr ${v6.addresses.join(",")}` : "", v6.dnsServers ? `dns ${v6.dnsServers.join(",")}` : ""].filter(Boolean);
    return `DHCPv6 ${v6.msgType}${extra.length ? ` (${extra.join("; ")})` : ""}`;
  }
  if (f.dns) {
    const r = f.dns.response;
    const q = `${f.dns.query.type} ${f.dns.query.name}`;
    return r ? `DNS response ${q} ${r.rcodeName}${r.answers.length ? ` ${r.answers.join(",")}` : ""}` : `DNS query ${q}`;
  }
  if (f.http) {
    const h = f.http;
    const auth = h.proxyAuth ? ` (Proxy-Authorization ${h.proxyAuth.scheme}${h.proxyAuth.ntlmType ? ` type ${h.proxyAuth.ntlmType}` : ""}${h.proxyAuth.user ? ` user ${h.proxyAuth.user}` : ""})` : "";
    if (h.method) return `HTTP ${h.method} ${h.uri ?? ""}${auth}`;
    return `HTTP ${h.status ?? "?"}${h.proxyAuthenticate ? ` offers ${h.proxyAuthenticate.join(",")}` : ""}`;
  }
  if (f.tls) return `TLS${f.tls.sni ? ` SNI ${f.tls.sni}` : ""}${f.tls.handshakeTypes.length ? ` handshake ${f.tls.handshakeTypes.join(",")}` : ""}`;
  if (f.syslog) return `SYSLOG ${f.syslog.facilityName}.${f.syslog.severityName} ${JSON.stringify(f.syslog.msg.slice(0, 80))}`;
  if (f.tcp) return `TCP [${f.tcp.flags.join(",")}]`;
  if (f.udp) return "UDP";
  if (f.icmp) return `ICMP type ${f.icmp.type} code ${f.icmp.code}`;
  if (f.icmpv6) return f.icmpv6.ra ? `ICMPv6 RA prefixes ${f.icmpv6.ra.prefixes.join(",") || "-"} rdnss ${f.icmpv6.ra.rdnss.join(",") || "-"}` : `ICMPv6 type ${f.icmpv6.type}`;
  return `ethertype 0x${f.eth.type.toString(16).padStart(4, "0")}${f.protocols.length ? ` ${f.protocols.at(-1)}` : ""}`;
}
