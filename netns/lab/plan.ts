// Turn a topology into batches of `ip`/`tc`/sysctl work: one batch for all links, one per namespace.
import { parseCidr } from "../topology/cidr.ts";
import type { Topology } from "../topology/schema.ts";
import { injectIfName, vlanIfName, vlanIpLines, vlanTcLines, type VlanImpl, type VlanPlan } from "../vlan/vlan.ts";
import type { CabledPort } from "./cabling.ts";
import type { ShimRecord } from "./manifest.ts";
import type { NicMove } from "./nics.ts";

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
  /** Interfaces that must reach operstate UP before the lab is ready (not a cabled host NIC: its carrier is the appliance's). */
  up: string[];
}

export interface BuildPlan {
  /** host -> namespace name. */
  hosts: Record<string, string>;
  /** `ip -batch -` lines creating every veth pair with both ends directly in their namespaces. */
  links: string[];
  perHost: HostPlan[];
  shims: ShimRecord[];
  /** "host:iface" -> ifindex of every link end (a cabled host NIC keeps its own). */
  indexes: Record<string, number>;
  /** Host NICs moved into the lab in place of the lab end of a `dut:<port>` link (before the per-host work). */
  nics: NicMove[];
}

/** Namespace name of `host` in run `prefix`. */
export const nsName = (prefix: string, host: string) => `${prefix}-${host}`;

/**
 * Plan the build of `t` under `prefix`; VLAN sub-interfaces use `impl`. A `cabled` port's host NIC takes the place
 * of the lab end of its `dut:<port>` link: no veth pair is made for that link, the NIC is moved in under the lab
 * end's name and gets that end's bridge, addresses and VLANs; the appliance's end is the appliance itself.
 */
export function planBuild(t: Topology, prefix: string, impl: VlanImpl, cabled: readonly CabledPort[] = []): BuildPlan {
  const hosts = Object.fromEntries(Object.keys(t.hosts).map((h) => [h, nsName(prefix, h)]));
  // Link ends get ifindexes unique across the lab (lo is 1): the two ends of a pair must differ, or the
  // kernel treats the pair's carrier change as non-urgent and delays it (linkwatch) by up to a second.
  // A cabled NIC keeps its host ifindex (free in a fresh namespace): no veth may take it.
  const reserved = new Set(cabled.map((c) => c.state.ifindex));
  let next = 1;
  const indexes: Record<string, number> = {};
  const index = () => {
    do next++;
    while (reserved.has(next));
    return next;
  };
  const cableOf = (endpoints: readonly string[]) => cabled.find((c) => endpoints.includes(`dut:${c.port}`));
  const nics: NicMove[] = [];
  const ifaces = new Map<string, string[]>(Object.keys(t.hosts).map((h) => [h, []]));
  const vlans = new Map<string, VlanPlan[]>(Object.keys(t.hosts).map((h) => [h, []]));
  const links: string[] = [];
  for (const link of t.links) {
    const cable = cableOf(link.endpoints);
    const ends = link.endpoints
      .map((ep) => {
        const [host = "", iface = ""] = ep.split(":");
        return { host, iface };
      })
      .filter((e) => !cable || (e.host === cable.host && e.iface === cable.iface))
      .map((e) => {
        ifaces.get(e.host)?.push(e.iface);
        const end = { ...e, index: cable ? cable.state.ifindex : index() };
        indexes[`${e.host}:${e.iface}`] = end.index;
        return end;
      });
    const hostsOfLink = link.endpoints.map((ep) => ep.split(":")[0] ?? "");
    for (const v of link.vlans ?? []) {
      for (const end of ends.filter((e) => (v.on ?? hostsOfLink).includes(e.host))) {
        vlans.get(end.host)?.push({ trunk: end.iface, trunkIndex: end.index, vid: v.id, impl });
      }
    }
    if (cable) {
      nics.push({ ...cable.state, ns: hosts[cable.host] ?? "", inside: cable.iface });
      continue;
    }
    const [a, b] = ends as [(typeof ends)[0], (typeof ends)[0]];
    links.push(`link add name ${a.iface} index ${a.index} netns ${hosts[a.host]} type veth peer name ${b.iface} index ${b.index} netns ${hosts[b.host]}`);
  }
  const nicNames = new Set(nics.map((n) => `${n.ns}/${n.inside}`));

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
    // A cabled NIC's carrier is the appliance's (it may be powered off): the lab does not wait for it.
    const cabledHere = (i: string) => nicNames.has(`${ns}/${i}`);
    const bridges = Object.entries(spec.bridges ?? {}).filter(([, ports]) => !ports.every(cabledHere)).map(([b]) => b);
    const up = [...(ifaces.get(host) ?? []).filter((i) => !cabledHere(i)), ...bridges];
    return { host, ns, ip, tc, sysctl, up };
  });
  return { hosts, links, perHost, shims, indexes, nics };
}

