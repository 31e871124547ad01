// Render dnsmasq's configuration file from validated options (pure: text in, text out).
import { isIPv6 } from "node:net";
import type { DnsmasqOptions } from "./schema.ts";

/** The text of dnsmasq.conf for `o`. Empty router/DNS lists are sent as empty options, so the lease lacks them. */
export function renderDnsmasqConfig(o: DnsmasqOptions): string {
  const lines: string[] = ["# written by netns/services/dnsmasq.ts", "bind-dynamic", "log-dhcp"];
  for (const name of o.interfaces) lines.push(`interface=${name}`);
  // dnsmasq adds lo to the interface list by itself; keep it off so instances on other interfaces of one namespace coexist.
  if (!o.interfaces.includes("lo")) lines.push("except-interface=lo");
  if (o.dns) {
    lines.push(`port=${o.dns.port}`, "log-queries", "domain-needed", "bogus-priv");
    for (const record of o.dns.records) lines.push(`host-record=${record.name},${record.address}`);
    for (const name of o.dns.nxdomain) lines.push(`address=/${name}/`);
    if (o.dns.unknownNames === "nxdomain") lines.push("local=/#/");
    // More specific than local=/#/, so these names go to their resolvers while every other name stays local.
    for (const f of o.dns.forward) for (const server of f.servers) lines.push(`server=/${f.name}/${server}`);
  } else {
    lines.push("port=0");
  }
  if (o.dhcp) {
    const d = o.dhcp;
    lines.push("dhcp-authoritative");
    for (const r of d.ranges) lines.push(`dhcp-range=${[r.start, r.end, d.netmask, r.leaseSeconds].filter((v) => v !== undefined).join(",")}`);
    lines.push(d.router ? `dhcp-option=option:router,${d.router}` : "dhcp-option=option:router");
    lines.push(d.dnsServers.length ? `dhcp-option=option:dns-server,${d.dnsServers.join(",")}` : "dhcp-option=option:dns-server");
    if (d.winsServers.length) lines.push(`dhcp-option=option:netbios-ns,${d.winsServers.join(",")}`);
    if (d.domain) lines.push(`dhcp-option=option:domain-name,${d.domain}`);
  }
  if (o.dhcpv6) {
    const d = o.dhcpv6;
    for (const r of d.ranges) lines.push(`dhcp-range=${r.start},${r.end},64,${r.leaseSeconds}`);
    const servers = d.dnsServers.map((a) => `[${a}]`).join(",");
    lines.push(servers ? `dhcp-option=option6:dns-server,${servers}` : "dhcp-option=option6:dns-server");
  }
  return `${lines.join("\n")}\n`;
}

/** One lease from dnsmasq's lease file. */
export interface DnsmasqLease {
  expires: number;
  mac: string;
  address: string;
  hostname: string;
  clientId: string;
  family: 4 | 6;
}

/** Parse dnsmasq's lease file (IPv4 lines carry a MAC; IPv6 lines follow the `duid` line and carry an IAID). */
export function parseLeases(text: string): DnsmasqLease[] {
  const leases: DnsmasqLease[] = [];
  for (const line of text.split("\n")) {
    const [expires, mac, address, hostname, clientId] = line.trim().split(/\s+/);
    if (!expires || !mac || !address || expires === "duid") continue;
    const family = isIPv6(address) ? 6 : 4;
    leases.push({ expires: Number(expires), mac, address, hostname: hostname ?? "*", clientId: clientId ?? "*", family });
  }
  return leases;
}
