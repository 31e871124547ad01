// Turn a topology into batches of `ip`/`tc`/sysctl work: one batch for all links, one per namespace.
import { parseCidr } from "../topology/cidr.ts";
import type { Topology } from "../topology/schema.ts";
import { injectIfName, vlanIfName, vlanIpLines, vlanTcLines, type VlanImpl, type VlanPlan } from "../vlan/vlan.ts";
import type { ShimRecord } from "./manifest.ts";

/** Work for one host's namespace. */
export interface HostPlan {
  host: string;
  ns: string;
  /** `ip -n ns -batch -` lines: loopback, bridges, VLANs, addresses, links up, routes. */
  ip: string[];
  /** `tc -n ns -batch -` lines (the VLAN shim's filters). */
  tc: string[];
  /** sysctl assignments (`key=value`). */
  sysctl: string[];
  /** Interfaces that must reach operstate UP before the lab is ready. */
  up: string[];
}

export interface BuildPlan {
  /** host -> namespace name. */
  hosts: Record<string, string>;
  /** `ip -batch -` lines creating every veth pair with both ends directly in their namespaces. */
  links: string[];
  perHost: HostPlan[];
  shims: ShimRecord[];
  /** "host:iface" -> ifindex of every link end. */
  indexes: Record<string, number>;
}

/** Namespace name of `host` in run `prefix`. */
export const nsName = (prefix: string, host: string) => `${prefix}-${host}`;

/** Plan the build of `t` under `prefix`; VLAN sub-interfaces use `impl`. */
export function planBuild(t: Topology, prefix: string, impl: VlanImpl): BuildPlan {
  const hosts = Object.fromEntries(Object.keys(t.hosts).map((h) => [h, nsName(prefix, h)]));
  // Link ends get ifindexes unique across the lab (lo is 1): the two ends of a pair must differ, or the
  // kernel treats the pair's carrier change as non-urgent and delays it (linkwatch) by up to a second.
  let next = 1;
  const indexes: Record<string, number> = {};
  const index = (_host: string) => ++next;
  const ifaces = new Map<string, string[]>(Object.keys(t.hosts).map((h) => [h, []]));
  const vlans = new Map<string, VlanPlan[]>(Object.keys(t.hosts).map((h) => [h, []]));
  const links = t.links.map((link) => {
    const ends = link.endpoints.map((ep) => {
      const [host = "", iface = ""] = ep.split(":");
      ifaces.get(host)?.push(iface);
      const end = { host, iface, index: index(host) };
      indexes[`${host}:${iface}`] = end.index;
      return end;
    });
    const [a, b] = ends as [(typeof ends)[0], (typeof ends)[0]];
    for (const v of link.vlans ?? []) {
      for (const end of ends.filter((e) => (v.on ?? [a.host, b.host]).includes(e.host))) {
        vlans.get(end.host)?.push({ trunk: end.iface, trunkIndex: end.index, vid: v.id, impl });
      }
    }
    return `link add name ${a.iface} index ${a.index} netns ${hosts[a.host]} type veth peer name ${b.iface} index ${b.index} netns ${hosts[b.host]}`;
  });

  const shims: ShimRecord[] = [];
  const perHost = Object.entries(t.hosts).map(([host, spec]): HostPlan => {
    const ns = hosts[host] ?? "";
    const ip = ["link set lo up"];
    const tc: string[] = [];
    for (const [bridge, ports] of Object.entries(spec.bridges ?? {})) {
      ip.push(`link add name ${bridge} type bridge stp_state 0 mcast_snooping 0`);
      for (const port of ports) ip.push(`link set ${port} master ${bridge}`);
      ip.push(`link set ${bridge} up`);
    }
    for (const iface of ifaces.get(host) ?? []) ip.push(`link set ${iface} up`);
    const trunks = new Set<string>();
    for (const v of vlans.get(host) ?? []) {
      ip.push(...vlanIpLines(v));
      tc.push(...vlanTcLines(v, !trunks.has(v.trunk)));
      trunks.add(v.trunk);
      if (impl === "bpf") shims.push({ ns, trunk: v.trunk, vlanIf: vlanIfName(v.trunk, v.vid), injectIf: injectIfName(v.trunkIndex, v.vid) });
    }
    for (const [iface, list] of Object.entries(spec.addresses ?? {})) {
      for (const text of list) ip.push(`address add ${text} dev ${iface}${parseCidr(text)?.family === 6 ? " nodad" : ""}`);
    }
    for (const r of spec.routes ?? []) {
      const to = r.to === "default" ? "0.0.0.0/0" : r.to === "default6" ? "::/0" : r.to;
      ip.push(`route add ${to} via ${r.via}`);
    }
    const sysctl = spec.forwarding ? ["net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"] : [];
    const up = [...(ifaces.get(host) ?? []), ...Object.keys(spec.bridges ?? {})];
    return { host, ns, ip, tc, sysctl, up };
  });
  return { hosts, links, perHost, shims, indexes };
}

