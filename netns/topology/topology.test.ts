// Topology validation: every preset is valid; each kind of mistake gets the exact message a user reads.
import { describe, expect, it } from "vitest";
import { TopologyError } from "./errors.ts";
import { loadTopology, parseTopology, parseTopologyYaml, presetNames } from "./load.ts";
import type { TopologyInput } from "./schema.ts";

const base = (): TopologyInput & { hosts: Record<string, any>; links: any[] } => ({
  name: "t",
  hosts: { dut: {}, r: { addresses: { eth0: ["10.77.1.1/24"] } } },
  links: [{ endpoints: ["dut:lan0", "r:eth0"] }],
});

function messageOf(change: (t: ReturnType<typeof base>) => void): string {
  const t = base();
  change(t);
  try {
    parseTopology(t, "labs/x.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(TopologyError);
    return (error as Error).message;
  }
  throw new Error("expected the topology to be refused");
}

describe("topology presets", () => {
  it("has every preset the issue names, and each one is valid", async () => {
    const names = await presetNames();
    expect(names).toEqual(["ipv6-only", "ipv6-static", "proxy-basic", "proxy-ntlm", "proxy-open", "proxy-static", "split", "split-proxy", "split-proxy-static", "split-static", "standard", "static", "vlan"]);
    for (const name of names) {
      const t = await loadTopology(name);
      expect(t.name).toBe(name);
      expect(Object.keys(t.hosts)).toContain("dut");
      expect(Object.isFrozen(t.hosts)).toBe(true);
    }
  });

  it("split gives the DUT a LAN and a WAN port on different subnets", async () => {
    const t = await loadTopology("split");
    expect(t.links.map((l) => l.endpoints[0]).filter((e) => e.startsWith("dut:"))).toEqual(["dut:lan0", "dut:wan0"]);
  });

  it("accepts a minimal valid object", () => {
    expect(parseTopology(base()).hosts.r?.addresses?.eth0).toEqual(["10.77.1.1/24"]);
  });
});

describe("topology validation messages", () => {
  it("unknown keys", () => {
    expect(messageOf((t) => (t.hosts.r.forwardng = true))).toBe(
      'labs/x.yaml at hosts.r.forwardng: expected no such key (unknown keys are refused), got unknown key "forwardng"',
    );
    expect(messageOf((t) => ((t as any).nodes = {}))).toBe('labs/x.yaml at nodes: expected no such key (unknown keys are refused), got unknown key "nodes"');
  });

  it("bad CIDRs", () => {
    expect(messageOf((t) => (t.hosts.r.addresses.eth0 = ["10.77.1.300/24"]))).toBe(
      'labs/x.yaml at hosts.r.addresses.eth0[0]: expected an address with prefix length like 10.77.1.1/24 or fd77:1::1/64, got "10.77.1.300/24"',
    );
    expect(messageOf((t) => (t.hosts.r.addresses.eth0 = ["fd77::1/129"]))).toBe(
      'labs/x.yaml at hosts.r.addresses.eth0[0]: expected an address with prefix length like 10.77.1.1/24 or fd77:1::1/64, got "fd77::1/129"',
    );
  });

  it("overlapping subnets of different segments", () => {
    const message = messageOf((t) => {
      t.hosts.c = { addresses: { eth0: ["10.77.0.5/16"] } };
      t.links.push({ endpoints: ["r:wan0", "c:eth0"] });
    });
    expect(message).toBe(
      "labs/x.yaml at hosts.c.addresses.eth0[0]: expected a subnet that overlaps no other segment's, got 10.77.0.5/16 (10.77.0.0/16), which overlaps 10.77.1.0/24 of r:eth0 at hosts.r.addresses.eth0[0]",
    );
  });

  it("the same subnet on one segment (a bridge joins its ports) is fine", () => {
    const t = base();
    t.hosts.r = { bridges: { br0: ["eth0", "t1"] }, addresses: { br0: ["10.77.1.1/24"] } };
    t.hosts.t = { addresses: { eth0: ["10.77.1.2/24"] } };
    t.hosts.dut = { addresses: { lan0: ["10.77.1.3/24"] } };
    t.links.push({ endpoints: ["t:eth0", "r:t1"] });
    expect(() => parseTopology(t)).not.toThrow();
  });

  it("VLAN ids outside 0-4094", () => {
    expect(messageOf((t) => (t.links[0].vlans = [{ id: 5000 }]))).toBe("labs/x.yaml at links[0].vlans[0].id: expected an integer 0-4094, got 5000");
    expect(messageOf((t) => (t.links[0].vlans = [{ id: -1 }]))).toBe("labs/x.yaml at links[0].vlans[0].id: expected an integer 0-4094, got -1");
    expect(messageOf((t) => (t.links[0].vlans = [{ id: "100" }]))).toBe('labs/x.yaml at links[0].vlans[0].id: expected an integer 0-4094, got "100"');
  });

  it("dangling link endpoints", () => {
    expect(messageOf((t) => t.links.push({ endpoints: ["r:wan0", "cloud:eth0"] }))).toBe(
      'labs/x.yaml at links[1].endpoints[1]: expected an endpoint on a host defined under hosts (dut, r), got "cloud:eth0" (no host cloud)',
    );
    expect(messageOf((t) => (t.links[0].endpoints = ["dut-lan0", "r:eth0"]))).toBe(
      'labs/x.yaml at links[0].endpoints[0]: expected an endpoint "host:iface", e.g. "dut:lan0", got "dut-lan0"',
    );
  });

  it("duplicate names", () => {
    expect(messageOf((t) => t.links.push({ endpoints: ["dut:lan0", "r:eth1"] }))).toBe(
      'labs/x.yaml at links[1].endpoints[0]: expected a unique interface name on host dut, got "dut:lan0" again (first at links[0].endpoints[0])',
    );
    expect(messageOf((t) => (t.links[0].vlans = [{ id: 100 }, { id: 100 }]))).toBe("labs/x.yaml at links[0].vlans[1].id: expected each VLAN id once per link, got 100 again");
    expect(messageOf((t) => (t.hosts.dut.addresses = { lan0: ["10.77.1.1/24"] }))).toBe(
      "labs/x.yaml at hosts.r.addresses.eth0[0]: expected an address used once, got 10.77.1.1/24, also at hosts.dut.addresses.lan0[0]",
    );
    expect(() => parseTopologyYaml("name: x\nhosts:\n  dut: {}\n  dut: {}\n", "labs/dup.yaml")).toThrow(
      'labs/dup.yaml at line 4: expected unique names (each key once per mapping), got a duplicate key "dut"',
    );
  });

  it("references to interfaces, next hops and service addresses", () => {
    expect(messageOf((t) => (t.hosts.r.addresses.eth9 = ["10.77.2.1/24"]))).toBe('labs/x.yaml at hosts.r.addresses.eth9: expected an interface of host r (eth0), got "eth9"');
    expect(messageOf((t) => (t.hosts.r.routes = [{ to: "default", via: "10.77.5.1" }]))).toBe(
      'labs/x.yaml at hosts.r.routes[0].via: expected a next hop inside a subnet of host r, got "10.77.5.1"',
    );
    expect(messageOf((t) => (t.hosts.r.services = { platform: { address: "10.77.1.9" } }))).toBe(
      'labs/x.yaml at hosts.r.services.platform.address: expected an address of host r (10.77.1.1), got "10.77.1.9"',
    );
    expect(messageOf((t) => (t.hosts.r.services = { dnsmasq: { interfaces: ["eth0"], dhcp: { ranges: [] } } }))).toBe(
      "labs/x.yaml at hosts.r.services.dnsmasq.dhcp.ranges: expected a list of at least 1 item(s), got a list of 0",
    );
  });

  it("host names and file-level mistakes", () => {
    expect(messageOf((t) => (t.hosts.Cloud = {}))).toBe('labs/x.yaml at hosts.Cloud: expected a host name: a-z then up to 11 of a-z0-9, got "Cloud"');
    expect(() => parseTopologyYaml("name: x\nhosts: [\n", "labs/bad.yaml")).toThrow(
      "labs/bad.yaml at line 3: expected valid YAML, got Flow sequence in block collection must be sufficiently indented and end with a ]",
    );
  });

  it("an unknown preset lists the presets", async () => {
    await expect(loadTopology("nosuch")).rejects.toThrow(
      'preset "nosuch": expected a preset name (ipv6-only, ipv6-static, proxy-basic, proxy-ntlm, proxy-open, proxy-static, split, split-proxy, split-proxy-static, split-static, standard, static, vlan) or a file path, got "nosuch"',
    );
  });

  it("collects every problem, one line each", () => {
    const message = messageOf((t) => {
      t.hosts.r.addresses.eth0 = ["bad"];
      t.links.push({ endpoints: ["r:wan0", "cloud:eth0"] });
    });
    expect(message.split("\n")).toHaveLength(2);
  });
});
