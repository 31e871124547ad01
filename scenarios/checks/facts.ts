// The lab facts the checks use (addresses, gateways, DNS servers, the platform's endpoint), asked of the session's
// `Lab` (netns/lab/facts.ts) so that no check types a lab address by hand.
import { addressIn } from "../../netns/lab/facts.ts";
import type { Lab } from "../../netns/lab/lab.ts";
import type { Session } from "../rig.ts";

/** The session's lab; throws naming the DUT when the scenario runs without one. */
export function labOf(s: Session): Lab {
  if (!s.lab) throw new Error(`${s.dut.name}: this check needs a lab, but the session has none`);
  return s.lab;
}

/** The platform emulator's address and port in the session's lab; throws when the lab runs none. */
export function platformAt(s: Session): { address: string; port: number } {
  const lab = labOf(s);
  const p = lab.platform;
  if (!p) throw new Error(`${s.dut.name}: this check needs the lab's platform emulator, but lab ${lab.name} runs none`);
  return { address: p.address, port: p.port };
}

/** What the appliance's `port` is cabled into: the router (the DHCP lease's gateway, else the lab host's address
 *  there), the first DNS server it hands out (else that address), the subnet, and address `n` of that subnet. */
export function served(s: Session, port: "lan0" | "wan0" = "lan0"): { router: string; dns: string; subnet: string; host: (n: number) => string } {
  const net = labOf(s).network(port);
  return {
    router: net.dhcp?.router ?? net.address,
    dns: net.dhcp?.dnsServers?.[0] ?? net.address,
    subnet: net.subnet,
    host: (n) => addressIn(net.subnet, n),
  };
}

/** The IPv4 netmask of a subnet, e.g. 10.77.1.0/24 -> 255.255.255.0. */
export function netmaskOf(subnet: string): string {
  const bits = Number(subnet.split("/")[1]);
  return [0, 8, 16, 24].map((at) => 256 - 2 ** (8 - Math.min(8, Math.max(0, bits - at)))).join(".");
}

/** An IPv4 address as the LCD shows it, every octet zero-padded to three digits (10.77.1.1 -> 010.077.001.001). */
export function padded(ip: string): string {
  return ip.split(".").map((o) => o.padStart(3, "0")).join(".");
}

/** True when IPv4 `address` lies in `subnet`. */
export function inSubnet(address: string, subnet: string): boolean {
  const [net, bits] = subnet.split("/");
  const value = (ip: string) => ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(value(address) / size) === Math.floor(value(net!) / size);
}

/** Where a scenario runs without a lab, the static values it types lie in TEST-NET-1 (RFC 5737): no lab's. */
const NO_LAB_LAN = Object.freeze({ router: "192.0.2.1", dns: "192.0.2.1", subnet: "192.0.2.0/24", host: (n: number) => addressIn("192.0.2.0/24", n) });

/** The values the static LAN scenarios enter: address 50 of the LAN's subnet, its netmask, the LAN's router and DNS
 *  server, address 2 of the subnet as DNS2, domain LAB.TEST (in TEST-NET-1 when the session has no lab). */
export function staticLan(s: Session): Readonly<Record<"LAN IP ADDR" | "LAN NETMASK" | "LAN GATEWAY" | "LAN DNS1" | "LAN DNS2" | "DOMAIN NAME", string>> {
  const lan = s.lab ? served(s, "lan0") : NO_LAB_LAN;
  return Object.freeze({ "LAN IP ADDR": lan.host(50), "LAN NETMASK": netmaskOf(lan.subnet), "LAN GATEWAY": lan.router, "LAN DNS1": lan.dns, "LAN DNS2": lan.host(2), "DOMAIN NAME": "LAB.TEST" });
}

/** A static WAN on the lab's WAN subnet: address `n` of it, its netmask, the WAN's router and DNS server. */
export function staticWan(s: Session, n = 50): Readonly<Record<"WAN IP ADDR" | "WAN NETMASK" | "WAN GATEWAY" | "WAN DNS1", string>> {
  const wan = served(s, "wan0");
  return Object.freeze({ "WAN IP ADDR": wan.host(n), "WAN NETMASK": netmaskOf(wan.subnet), "WAN GATEWAY": wan.router, "WAN DNS1": wan.dns });
}
