// The lab variants of the error rows are valid topologies that differ from their preset in the one setting named.
import { describe, expect, it } from "vitest";
import { loadTopology } from "../../netns/topology/load.ts";
import * as labs from "./errors-labs.ts";

const dnsmasq = (t: Awaited<ReturnType<typeof loadTopology>>, host: string) => (t.hosts[host]!.services as { dnsmasq: { dhcp?: { router?: string; dnsServers: string[] }; dns?: { records: unknown[] } } }).dnsmasq;

describe("error-row lab variants", () => {
  it("each variant validates and keeps 10.77.0.0/16", async () => {
    for (const v of [labs.LAN_LEASE_NO_DNS, labs.LAN_LEASE_NO_ROUTER, labs.WAN_NO_DHCP, labs.WAN_LEASE_NO_DNS, labs.WAN_LEASE_NO_ROUTER, labs.WAN_DNS_NO_PLATFORM, labs.WAN_LEASE_LAN_ROUTER]) {
      const t = await loadTopology(v);
      expect(t.name).toMatch(/^(standard|split)-/);
      expect(JSON.stringify(t).match(/\b\d+\.\d+\.\d+\.\d+\b/g)!.every((a) => a.startsWith("10.77.") || a === "255.255.255.0")).toBe(true);
    }
  });

  it("changes only the named setting", async () => {
    const standard = await loadTopology("standard"), split = await loadTopology("split");
    expect(dnsmasq(await loadTopology(labs.LAN_LEASE_NO_DNS), "lanrtr").dhcp).toEqual({ ...dnsmasq(standard, "lanrtr").dhcp, dnsServers: [] });
    expect(dnsmasq(await loadTopology(labs.LAN_LEASE_NO_ROUTER), "lanrtr").dhcp?.router).toBeUndefined();
    expect(dnsmasq(await loadTopology(labs.WAN_NO_DHCP), "wanrtr").dhcp).toBeUndefined();
    expect(dnsmasq(await loadTopology(labs.WAN_NO_DHCP), "wanrtr").dns).toEqual(dnsmasq(split, "wanrtr").dns);
    expect(dnsmasq(await loadTopology(labs.WAN_LEASE_NO_DNS), "wanrtr").dhcp?.dnsServers).toEqual([]);
    expect(dnsmasq(await loadTopology(labs.WAN_LEASE_NO_ROUTER), "wanrtr").dhcp?.router).toBeUndefined();
    expect(dnsmasq(await loadTopology(labs.WAN_DNS_NO_PLATFORM), "wanrtr").dns?.records).toEqual([]);
    expect(dnsmasq(await loadTopology(labs.WAN_LEASE_LAN_ROUTER), "wanrtr").dhcp?.router).toBe(labs.LAN_GATEWAY);
    expect(dnsmasq(await loadTopology(labs.WAN_LEASE_LAN_ROUTER), "lanrtr")).toEqual(dnsmasq(split, "lanrtr"));
  });

  it("a preset host without dnsmasq is refused with the file and field", () => {
    expect(() => labs.variant("split", "x", "cloud", "test", (d) => d)).toThrow("fixtures/labs/split.yaml at hosts.cloud.services.dnsmasq: expected a dnsmasq service to vary, got none");
  });
});
