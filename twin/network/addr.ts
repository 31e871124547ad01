// One interface's IPv4 setup: lease or static values, validity, duplicate detection (arping -D), then the address.
import { ipv4ConfigProblem, netmaskToPrefix, plainIpv4, prefixToNetmask } from "../../fixtures/manual/index.ts";
import type { Ipv4Static } from "../state/config.ts";
import { has, sh, type NetContext } from "./context.ts";
import { requestLease } from "./dhcp.ts";
import type { Iface } from "./ifaces.ts";

/** What the appliance knows about one interface after applying its configuration. */
export interface IfaceState {
  readonly iface: Iface;
  /** Physical port (carrier is read here). */
  readonly port: string;
  /** Device holding the address (the port, or its VLAN sub-interface). */
  readonly dev: string;
  readonly carrier: boolean;
  readonly method: "dhcp" | "static" | "auto6" | "static6";
  readonly address: string | null;
  readonly prefix: number | null;
  readonly gateway: string | null;
  /** Resolvers of this interface, in order (DNS1, DNS2). */
  readonly dns: readonly string[];
  /** The static settings cannot work ("Invalid LAN/WAN IP configuration"); loopback: 127.x (older model E09/E11). */
  readonly invalid: { readonly reason: string; readonly loopback: boolean } | null;
  /** Another host answers ARP for the address. */
  readonly duplicate: boolean;
  /** A DHCP lease came without a router option. */
  readonly leaseWithoutGateway: boolean;
}

/** A static value as stored (zero-padded) in usual form; "" for an unset (all-zero or blank) value. */
export function plain(v: string | undefined): string {
  const t = (v ?? "").trim();
  if (!t) return "";
  try {
    const p = plainIpv4(t);
    return p === "0.0.0.0" ? "" : p;
  } catch {
    return t;
  }
}

/** True when another host already holds `ip` on `dev` (iputils arping, duplicate address detection mode). */
export async function duplicateAddress(ctx: NetContext, dev: string, ip: string): Promise<boolean> {
  const r = await sh(ctx, "arping", ["-D", "-q", "-c", "1", "-w", "1", "-I", dev, ip]);
  return r.exitCode === 1;
}

/** Flush `dev`'s IPv4 addresses. */
export async function flushIpv4(ctx: NetContext, dev: string): Promise<void> {
  await sh(ctx, "ip", ["-4", "addr", "flush", "dev", dev]);
}

type Base = Pick<IfaceState, "iface" | "port" | "dev" | "carrier">;

/** Configure IPv4 on `base.dev` by DHCP or from `stat`; the address is added only when it is valid and free. */
export async function setupIpv4(ctx: NetContext, base: Base, method: "dhcp" | "static", stat: Pick<Ipv4Static, "ip" | "netmask" | "gateway" | "dns1" | "dns2"> | null): Promise<IfaceState> {
  const empty: IfaceState = { ...base, method, address: null, prefix: null, gateway: null, dns: [], invalid: null, duplicate: false, leaseWithoutGateway: false };
  await flushIpv4(ctx, base.dev);
  if (!base.carrier) return empty;
  let state: IfaceState;
  if (method === "dhcp") {
    const lease = await requestLease(ctx, base.dev);
    if (!lease) return empty;
    state = { ...empty, address: lease.ip, prefix: lease.prefix, gateway: lease.router, dns: lease.dns, leaseWithoutGateway: lease.router === null };
  } else {
    if (!stat) return empty;
    const ip = plain(stat.ip), gw = plain(stat.gateway);
    if (!ip) return empty;
    const problem = ipv4ConfigProblem(ip, stat.netmask, gw || "0.0.0.0");
    const wan = base.iface === "WAN";
    const dns = wan && has(ctx, "static-wan-dns-ignored") ? [] : [plain(stat.dns1), plain(stat.dns2)].filter(Boolean);
    const prefix = wan && has(ctx, "wan-netmask-ignored") ? 32 : netmaskToPrefix(stat.netmask);
    state = { ...empty, address: ip, prefix, gateway: gw || null, dns, invalid: problem };
    if (problem) return state;
  }
  if (!has(ctx, "duplicate-not-detected") && (await duplicateAddress(ctx, base.dev, state.address!))) return { ...state, duplicate: true };
  await sh(ctx, "ip", ["addr", "add", `${state.address}/${state.prefix}`, "dev", base.dev]);
  return state;
}

/** The {ip, mask, gateway} triple of a configured interface (for splitCondition), or null. */
export function triple(s: IfaceState): { ip: string; mask: string; gateway: string } | null {
  if (!s.address || s.prefix === null || !s.gateway || s.address.includes(":")) return null;
  return { ip: s.address, mask: prefixToNetmask(s.prefix), gateway: s.gateway };
}
