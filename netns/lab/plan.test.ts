// The build plan of a cabled lab: no veth for the appliance's links, the NIC's ifindex kept and reserved.
import { describe, expect, it } from "vitest";
import { loadTopology } from "../topology/load.ts";
import type { CabledPort } from "./cabling.ts";
import { planBuild } from "./plan.ts";

const nic = (port: "lan0" | "wan0", host: string, iface: string, name: string, ifindex: number): CabledPort => ({
  port, host, iface, state: { nic: name, ifindex, mac: "02:00:00:00:00:01", mtu: 1500, up: true, addresses: [] },
});

describe("planBuild with cabling", () => {
  it("moves the NIC in as the lab end, makes no veth for that link, and gives no veth its ifindex", async () => {
    const t = await loadTopology("split");
    const plan = planBuild(t, "hilabcde", "bpf", [nic("lan0", "lanrtr", "dut", "enp3s0", 3), nic("wan0", "wanrtr", "dut", "enp4s0", 5)]);
    expect(plan.nics.map((n) => `${n.nic} -> ${n.ns}/${n.inside} #${n.ifindex}`)).toEqual(["enp3s0 -> hilabcde-lanrtr/dut #3", "enp4s0 -> hilabcde-wanrtr/dut #5"]);
    expect(plan.links.join("\n")).not.toContain("netns hilabcde-dut");
    expect(plan.links).toHaveLength(2);
    expect(plan.links.join("\n")).not.toMatch(/ index (3|5) /);
    expect(plan.indexes["lanrtr:dut"]).toBe(3);
    const host = (h: string) => plan.perHost.find((p) => p.host === h)!;
    expect(host("dut").ip).toEqual(["link set lo up"]);
    expect(host("lanrtr").ip).toContain("link set dut master br0");
    expect(host("lanrtr").ip).toContain("link set dut up");
    // The NIC's carrier is the appliance's: not waited for; the bridge is (its other port gives it carrier).
    expect(host("lanrtr").up).not.toContain("dut");
    expect(host("lanrtr").up).toContain("br0");
    expect(host("wanrtr").up).not.toContain("dut");
  });

  it("puts a VLAN trunk's shim on the NIC by the NIC's ifindex", async () => {
    const plan = planBuild(await loadTopology("vlan"), "hilabcde", "bpf", [nic("lan0", "lanrtr", "trunk0", "enp3s0", 7)]);
    expect(plan.shims).toEqual([{ ns: "hilabcde-lanrtr", trunk: "trunk0", vlanIf: "trunk0.100", injectIf: "q7.100" }]);
    expect(plan.perHost.find((p) => p.host === "lanrtr")!.tc.join("\n")).toContain("dev trunk0 ingress");
  });
});
