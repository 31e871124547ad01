import { describe, expect, it } from "vitest";
import { loadTopology } from "../topology/load.ts";
import { addressIn, hostAddress, hostAddresses, platformPlace, portNetwork } from "./facts.ts";

describe("lab facts from a topology", () => {
  it("a host's address and subnet, by family and interface", async () => {
    const t = await loadTopology("standard");
    expect(hostAddress(t, "target1")).toEqual({ host: "target1", iface: "eth0", address: "10.77.1.21", cidr: "10.77.1.21/24", subnet: "10.77.1.0/24" });
    expect(hostAddress(t, "lanrtr", 4, "wan0").address).toBe("10.77.9.1");
    expect(hostAddresses(t, "lanrtr").map((a) => a.iface)).toEqual(["br0", "wan0"]);
    const v6 = await loadTopology("ipv6-static");
    expect(hostAddress(v6, "lanrtr", 6, "br0")).toMatchObject({ address: "fd77:1::1", subnet: "fd77:1::/64" });
  });

  it("a missing host or address is named, with the lab", async () => {
    const t = await loadTopology("standard");
    expect(() => hostAddress(t, "wanrtr")).toThrow("Lab standard has no host wanrtr (hosts: dut, lanrtr, target1, target2, cloud)");
    expect(() => hostAddress(t, "target1", 6)).toThrow("Lab standard: host target1 has no IPv6 address");
    expect(() => hostAddress(t, "lanrtr", 4, "eth9")).toThrow("Lab standard: host lanrtr has no IPv4 address on eth9");
  });

  it("the network behind a port: the bridge the cable joins, else the cable's end, with its DHCP", async () => {
    const split = await loadTopology("split");
    expect(portNetwork(split, "lan0")).toMatchObject({ host: "lanrtr", iface: "br0", address: "10.77.1.1", subnet: "10.77.1.0/24", dhcp: { router: "10.77.1.1", dnsServers: ["10.77.1.1"] } });
    expect(portNetwork(split, "wan0")).toMatchObject({ host: "wanrtr", iface: "dut", address: "10.77.2.1", subnet: "10.77.2.0/24", dhcp: { router: "10.77.2.1", dnsServers: ["10.77.2.1"] } });
    expect(portNetwork(await loadTopology("static"), "lan0").dhcp?.router).toBeUndefined();
    expect(portNetwork(await loadTopology("vlan"), "lan0", 4, 100)).toMatchObject({ iface: "trunk0.100", address: "10.77.100.1", dhcp: { router: "10.77.100.1" } });
    const standard = await loadTopology("standard");
    expect(() => portNetwork(standard, "wan0")).toThrow("Lab standard has no cable to the appliance's wan0");
  });

  it("where the platform emulator runs, with its defaults", async () => {
    expect(platformPlace(await loadTopology("standard"))).toEqual({ host: "cloud", address: "10.77.9.10", port: 443, names: ["qualysguard.qualys.test"] });
    expect(platformPlace({ name: "bare", hosts: { a: {} }, links: [] })).toBeUndefined();
  });

  it("address n of a subnet, inside it only", () => {
    expect(addressIn("10.77.1.0/24", 50)).toBe("10.77.1.50");
    expect(addressIn("10.77.1.1/24", 254)).toBe("10.77.1.254");
    expect(addressIn("fd77:1::/64", 0x50)).toBe("fd77:1::50");
    expect(() => addressIn("10.77.1.0/24", 255)).toThrow("addressIn: expected a host number from 1 to 254 of 10.77.1.0/24, got 255");
    expect(() => addressIn("10.77.1.0/24", 0)).toThrow("got 0");
  });
});
