// What a lab's topology says about its network, read in one place: hosts' addresses and subnets, the network behind
// an appliance port, and where the platform emulator runs. Scenarios ask these instead of typing addresses again.
import { addressText, networkText, parseCidr, type Family } from "../topology/cidr.ts";
import type { Topology } from "../topology/schema.ts";
import { findCableEnd, type DutPort } from "./cable-end.ts";

/** One interface address of a lab host. */
export interface HostAddress {
  readonly host: string;
  readonly iface: string;
  /** The address without its prefix length, e.g. 10.77.1.1. */
  readonly address: string;
  /** The address with its prefix length, e.g. 10.77.1.1/24. */
  readonly cidr: string;
  /** The prefix the address sits in, e.g. 10.77.1.0/24. */
  readonly subnet: string;
}

/** The network an appliance port is cabled into: the lab host at the cable's far end and its address there. */
export interface PortNetwork extends HostAddress {
  readonly port: DutPort;
  /** What the DHCP server of that host hands out (its `dhcp` options), when it runs one on this network. */
  readonly dhcp?: { readonly router?: string; readonly dnsServers?: readonly string[]; readonly domain?: string };
}

/** Where the platform emulator runs in a lab. */
export interface PlatformPlace {
  readonly host: string;
  readonly address: string;
  readonly port: number;
  /** The names it answers as (the first is the one appliances are given). */
  readonly names: readonly string[];
}

/** The emulator's defaults (netns/services/platform/launch.ts). */
const PLATFORM_PORT = 443;
const PLATFORM_NAMES = ["qualysguard.qualys.test"];

/** A lab fact was asked that its topology does not hold. */
export class LabFactError extends Error {
  override readonly name = "LabFactError";
}

/** Every address of `host` of `family` (on `iface` when given), in the topology's order. */
export function hostAddresses(t: Topology, host: string, family: Family = 4, iface?: string): HostAddress[] {
  const spec = t.hosts[host];
  if (!spec) throw new LabFactError(`Lab ${t.name} has no host ${host} (hosts: ${Object.keys(t.hosts).join(", ")})`);
  const out: HostAddress[] = [];
  for (const [name, list] of Object.entries(spec.addresses ?? {})) {
    if (iface !== undefined && name !== iface) continue;
    for (const cidr of list) {
      const c = parseCidr(cidr);
      if (c?.family === family) out.push(Object.freeze({ host, iface: name, address: c.address, cidr, subnet: networkText(c) }));
    }
  }
  return out;
}

/** The first address of `host` of `family` (on `iface` when given); throws naming the lab, host and interface. */
export function hostAddress(t: Topology, host: string, family: Family = 4, iface?: string): HostAddress {
  const found = hostAddresses(t, host, family, iface)[0];
  if (!found) throw new LabFactError(`Lab ${t.name}: host ${host} has no IPv${family} address${iface ? ` on ${iface}` : ""}`);
  return found;
}

/**
 * The network behind the appliance's `port` (on VLAN `vlan` of it when given): the host at the far end of its cable and
 * the address that host has on it (on the bridge the cable is a port of, else on the cable's own end, or its VLAN
 * sub-interface `iface.vlan`), with what that host's DHCP server hands out there.
 */
export function portNetwork(t: Topology, port: DutPort, family: Family = 4, vlan?: number): PortNetwork {
  const end = findCableEnd(t, port);
  if (!end) throw new LabFactError(`Lab ${t.name} has no cable to the appliance's ${port}`);
  const spec = t.hosts[end.host]!;
  const bridge = Object.entries(spec.bridges ?? {}).find(([, ports]) => ports.includes(end.iface))?.[0];
  const at = hostAddress(t, end.host, family, vlan === undefined ? bridge ?? end.iface : `${end.iface}.${vlan}`);
  const dnsmasq = spec.services?.dnsmasq;
  const serves = dnsmasq && (!dnsmasq.interfaces?.length || dnsmasq.interfaces.includes(at.iface));
  const dhcp = serves && family === 4 ? dnsmasq.dhcp : undefined;
  return Object.freeze({ ...at, port, ...(dhcp ? { dhcp: Object.freeze({ router: dhcp.router, dnsServers: dhcp.dnsServers, domain: dhcp.domain }) } : {}) });
}

/** The host running the platform emulator and where it listens, or undefined when the lab runs none. */
export function platformPlace(t: Topology): PlatformPlace | undefined {
  for (const [host, spec] of Object.entries(t.hosts)) {
    const p = spec.services?.platform;
    if (p) return Object.freeze({ host, address: p.address, port: p.port ?? PLATFORM_PORT, names: Object.freeze([...(p.names ?? PLATFORM_NAMES)]) });
  }
  return undefined;
}

/** Address number `n` of the subnet `cidr` (10.77.1.0/24, 50 -> 10.77.1.50); throws when it lies outside. */
export function addressIn(cidr: string, n: number): string {
  const c = parseCidr(cidr);
  const hostBits = c ? BigInt((c.family === 4 ? 32 : 128) - c.prefix) : 0n;
  // IPv4: neither the network's own address nor its broadcast.
  const last = c ? (1n << hostBits) - (c.family === 4 ? 2n : 1n) : 0n;
  if (!c || !Number.isInteger(n) || n < 1 || BigInt(n) > last) throw new LabFactError(`addressIn: expected a host number from 1 to ${last} of ${cidr}, got ${n}`);
  return addressText(c.family, c.network + BigInt(n));
}
