// Cross-reference checks of a shape-valid topology: endpoints, duplicate names, CIDRs, overlapping segments, routes.
import { familyOf, overlaps, parseCidr, addressValue, contains, networkText, type Cidr } from "./cidr.ts";
import { describe, formatPath, type Problem } from "./errors.ts";
import type { Topology } from "./schema.ts";

const CIDR_EXPECTED = "an address with prefix length like 10.77.1.1/24 or fd77:1::1/64";

interface Placed {
  host: string;
  iface: string;
  cidr: Cidr;
  text: string;
  path: string;
}

/** Every problem of `t` beyond its shape (empty when the topology can be built). */
export function checkTopology(t: Topology): Problem[] {
  const problems: Problem[] = [];
  const hostNames = Object.keys(t.hosts);
  const ifaces = new Map<string, string>(); // "host:iface" -> where it was declared
  const seg = new UnionFind();
  const declare = (host: string, iface: string, path: string) => {
    const key = `${host}:${iface}`;
    const first = ifaces.get(key);
    if (first !== undefined) problems.push({ path, expected: `a unique interface name on host ${host}`, found: `"${key}" again (first at ${first})` });
    else ifaces.set(key, path);
  };

  t.links.forEach((link, i) => {
    link.endpoints.forEach((ep, j) => {
      const [host = "", iface = ""] = ep.split(":");
      const path = formatPath(["links", i, "endpoints", j]);
      if (!t.hosts[host]) problems.push({ path, expected: `an endpoint on a host defined under hosts (${hostNames.join(", ")})`, found: `"${ep}" (no host ${host})` });
      else declare(host, iface, path);
    });
    seg.union(link.endpoints[0], link.endpoints[1]);
    const seen = new Set<number>();
    (link.vlans ?? []).forEach((v, k) => {
      const path = formatPath(["links", i, "vlans", k]);
      if (seen.has(v.id)) return void problems.push({ path: `${path}.id`, expected: "each VLAN id once per link", found: `${v.id} again` });
      seen.add(v.id);
      const sides = link.endpoints.map((ep) => ep.split(":")[0] ?? "");
      (v.on ?? sides).forEach((host, m) => {
        const side = link.endpoints.find((ep) => ep.startsWith(`${host}:`));
        if (!side) {
          problems.push({ path: `${path}.on[${m}]`, expected: `a host of this link (${sides.join(" or ")})`, found: JSON.stringify(host) });
          return;
        }
        declare(host, `${side.split(":")[1]}.${v.id}`, path);
        seg.union(`${host}:${side.split(":")[1]}.${v.id}`, `link${i}.vlan${v.id}`);
      });
    });
  });

  for (const [host, spec] of Object.entries(t.hosts)) {
    for (const [bridge, ports] of Object.entries(spec.bridges ?? {})) {
      const path = formatPath(["hosts", host, "bridges", bridge]);
      declare(host, bridge, path);
      ports.forEach((port, k) => {
        if (!ifaces.has(`${host}:${port}`) || port === bridge) {
          problems.push({ path: `${path}[${k}]`, expected: `a link interface of host ${host}`, found: JSON.stringify(port) });
        }
        seg.union(`${host}:${bridge}`, `${host}:${port}`);
      });
    }
  }

  const placed: Placed[] = [];
  for (const [host, spec] of Object.entries(t.hosts)) {
    for (const [iface, list] of Object.entries(spec.addresses ?? {})) {
      const known = iface === "lo" || ifaces.has(`${host}:${iface}`);
      if (!known) {
        const own = [...ifaces.keys()].filter((k) => k.startsWith(`${host}:`)).map((k) => k.slice(host.length + 1));
        problems.push({ path: formatPath(["hosts", host, "addresses", iface]), expected: `an interface of host ${host} (${own.join(", ") || "it has none"})`, found: JSON.stringify(iface) });
      }
      list.forEach((text, k) => {
        const path = formatPath(["hosts", host, "addresses", iface, k]);
        const cidr = parseCidr(text);
        if (!cidr) problems.push({ path, expected: CIDR_EXPECTED, found: describe(text) });
        else placed.push({ host, iface, cidr, text, path });
      });
    }
  }
  problems.push(...serviceProblems(t, ifaces, placed));
  problems.push(...overlapProblems(placed, seg));
  problems.push(...routeProblems(t, placed));
  return problems;
}

/** Services must name interfaces and addresses their host has. */
function serviceProblems(t: Topology, ifaces: Map<string, string>, placed: Placed[]): Problem[] {
  const problems: Problem[] = [];
  for (const [host, spec] of Object.entries(t.hosts)) {
    const s = spec.services ?? {};
    const own = [...ifaces.keys()].filter((k) => k.startsWith(`${host}:`)).map((k) => k.slice(host.length + 1));
    const addrs = placed.filter((p) => p.host === host).map((p) => p.cidr.address);
    const iface = (path: PropertyKey[], name: string) => {
      if (!own.includes(name)) problems.push({ path: formatPath(["hosts", host, "services", ...path]), expected: `an interface of host ${host} (${own.join(", ") || "it has none"})`, found: JSON.stringify(name) });
    };
    const address = (path: PropertyKey[], a: string) => {
      if (!addrs.includes(a)) problems.push({ path: formatPath(["hosts", host, "services", ...path]), expected: `an address of host ${host} (${addrs.join(", ") || "it has none"})`, found: JSON.stringify(a) });
    };
    s.dnsmasq?.interfaces.forEach((name, k) => iface(["dnsmasq", "interfaces", k], name));
    if (s.radvd) iface(["radvd", "interface"], s.radvd.interface);
    s.squid?.listen.forEach((a, k) => address(["squid", "listen", k], a));
    if (s.platform) address(["platform", "address"], s.platform.address);
  }
  return problems;
}

function overlapProblems(placed: Placed[], seg: UnionFind): Problem[] {
  const problems: Problem[] = [];
  placed.forEach((a, i) => {
    for (const b of placed.slice(0, i)) {
      if (a.cidr.family === b.cidr.family && a.cidr.value === b.cidr.value) {
        problems.push({ path: a.path, expected: "an address used once", found: `${a.text}, also at ${b.path}` });
      } else if (a.iface !== "lo" && b.iface !== "lo" && overlaps(a.cidr, b.cidr) && seg.find(`${a.host}:${a.iface}`) !== seg.find(`${b.host}:${b.iface}`)) {
        problems.push({
          path: a.path,
          expected: "a subnet that overlaps no other segment's",
          found: `${a.text} (${networkText(a.cidr)}), which overlaps ${networkText(b.cidr)} of ${b.host}:${b.iface} at ${b.path}`,
        });
      }
    }
  });
  return problems;
}

function routeProblems(t: Topology, placed: Placed[]): Problem[] {
  const problems: Problem[] = [];
  for (const [host, spec] of Object.entries(t.hosts)) {
    (spec.routes ?? []).forEach((r, k) => {
      const path = formatPath(["hosts", host, "routes", k]);
      const viaFamily = familyOf(r.via);
      if (r.to !== "default" && r.to !== "default6" && !parseCidr(r.to)) {
        problems.push({ path: `${path}.to`, expected: `"default", "default6" or a prefix like 10.77.9.0/24`, found: describe(r.to) });
      }
      if (!viaFamily) {
        problems.push({ path: `${path}.via`, expected: "a next-hop IP address", found: describe(r.via) });
        return;
      }
      const toFamily = r.to === "default" ? 4 : r.to === "default6" ? 6 : parseCidr(r.to)?.family;
      if (toFamily && toFamily !== viaFamily) problems.push({ path: `${path}.via`, expected: `an IPv${toFamily} next hop for ${r.to}`, found: describe(r.via) });
      const onLink = placed.some((p) => p.host === host && contains({ ...p.cidr }, viaFamily, addressValue(r.via)));
      if (!onLink) problems.push({ path: `${path}.via`, expected: `a next hop inside a subnet of host ${host}`, found: describe(r.via) });
    });
  }
  return problems;
}

class UnionFind {
  private parent = new Map<string, string>();
  find(x: string): string {
    const p = this.parent.get(x);
    if (p === undefined || p === x) return x;
    const root = this.find(p);
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}
