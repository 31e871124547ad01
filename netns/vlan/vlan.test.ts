// VLAN sub-interfaces: the same suite against the tc-BPF shim and kernel 802.1Q (where the kernel has 8021q).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Lab } from "../lab/lab.ts";
import { sniff } from "../lab/testkit/sniff.ts";
import { leftovers, NOTHING } from "../lab/testkit/leftovers.ts";
import type { TopologyInput } from "../topology/schema.ts";
import { kernelVlanWorks, vlansUnavailable, type VlanImpl } from "./vlan.ts";

const kernelOk = await kernelVlanWorks();

describe("VLAN readiness", () => {
  it("names the missing shim and how to build it, unless the kernel makes VLANs itself", async () => {
    const missing = "/nonexistent/shim.o";
    const expected = kernelOk || process.env.HIL_VLAN_IMPL === "kernel" ? null : `The VLAN shim ${missing} is not built: run \`bash netns/vlan/build.sh\` (or \`npm run setup\`)`;
    expect(await vlansUnavailable(missing)).toBe(expected);
    expect(await vlansUnavailable()).toBeNull(); // the suite's own shim is built
  });
});

// a:lan0 <-> b:eth0 is a trunk: untagged 10.77.50.0/24, VLAN 100 and VLAN 200 on both sides.
const TRUNK: TopologyInput = {
  name: "vlan-suite",
  hosts: {
    a: { addresses: { lan0: ["10.77.50.1/24"], "lan0.100": ["10.77.100.1/24"], "lan0.200": ["10.77.200.1/24"] } },
    b: { addresses: { eth0: ["10.77.50.2/24"], "eth0.100": ["10.77.100.2/24"], "eth0.200": ["10.77.200.2/24"] } },
  },
  links: [{ endpoints: ["a:lan0", "b:eth0"], vlans: [{ id: 100 }, { id: 200 }] }],
};

const suite = (impl: VlanImpl) => () => {
  let lab: Lab;
  const ping = (to: string) => lab.exec("a", "busybox", ["ping", "-c", "1", "-W", "2", to], { allowFailure: true });
  beforeAll(async () => {
    lab = await Lab.up(TRUNK, { vlanImpl: impl });
  });
  afterAll(async () => {
    await lab?.down();
    if (lab) expect(await leftovers(lab.prefix)).toEqual(NOTHING);
  });

  it("reaches the far side on each VLAN and untagged", async () => {
    for (const to of ["10.77.50.2", "10.77.100.2", "10.77.200.2"]) expect((await ping(to)).stdout, to).toContain("1 packets received");
  });

  it("puts real 802.1Q tags on the wire (tcpdump -e on the trunk shows vlan N)", async () => {
    const lines = await sniff(lab.ns("b"), "eth0", "icmp or (vlan and icmp)", async () => {
      await ping("10.77.100.2");
      await ping("10.77.200.2");
      await ping("10.77.50.2");
    });
    expect(lines.some((l) => /vlan 100, p 0, ethertype IPv4.*10\.77\.100\.1 > 10\.77\.100\.2: ICMP echo request/.test(l))).toBe(true);
    expect(lines.some((l) => /vlan 200, p 0, ethertype IPv4.*10\.77\.200\.1 > 10\.77\.200\.2: ICMP echo request/.test(l))).toBe(true);
    const untagged = lines.filter((l) => l.includes("10.77.50.1 > 10.77.50.2"));
    expect(untagged.length).toBeGreaterThan(0);
    expect(untagged.every((l) => !l.includes("vlan"))).toBe(true);
  });

  it("lets no untagged or other-VLAN frame into a VLAN interface", async () => {
    // Inbound, and not the IPv6 chatter (RS, MLD) that a's own lan0.100 legitimately sends on VLAN 100.
    const lines = await sniff(lab.ns("b"), "eth0.100", "-Q in not ip6", async () => {
      await ping("10.77.50.2"); // untagged
      await ping("10.77.200.2"); // VLAN 200
      await lab.exec("a", "arping", ["-c", "1", "-w", "1", "-I", "lan0", "10.77.100.2"], { allowFailure: true }); // untagged ARP for a VLAN 100 address
    });
    // Only the test's own traffic counts (VLAN 100's own background ARP may appear and is legitimate).
    expect(lines.filter((l) => /10\.77\.(50|200)\./.test(l))).toEqual([]);
    // Positive control: VLAN 100 traffic does arrive (without its tag, as on any VLAN interface).
    const own = await sniff(lab.ns("b"), "eth0.100", "icmp", () => ping("10.77.100.2"));
    expect(own.some((l) => l.includes("10.77.100.1 > 10.77.100.2: ICMP echo request") && !l.includes("vlan"))).toBe(true);
  });

  it("drops frames of a VLAN the far side does not carry; adds and removes VLANs at run time", async () => {
    expect(await lab.addVlan("a", "lan0", 300)).toBe("lan0.300");
    await lab.exec("a", "ip", ["addr", "add", "10.77.30.1/24", "dev", "lan0.300"]);
    // b answers for 10.77.30.2 on its untagged stack: if a VLAN 300 frame leaked in untagged, b would reply.
    await lab.exec("b", "ip", ["addr", "add", "10.77.30.2/24", "dev", "eth0"]);
    let reply = { stdout: "", exitCode: 0 };
    let in100: string[] = [];
    const onTrunk = await sniff(lab.ns("b"), "eth0", "vlan 300", async () => {
      in100 = await sniff(lab.ns("b"), "eth0.100", "-Q in not ip6", async () => {
        reply = await lab.exec("a", "arping", ["-c", "2", "-w", "2", "-I", "lan0.300", "10.77.30.2"], { allowFailure: true });
      });
    });
    expect(onTrunk.some((l) => l.includes("vlan 300") && l.includes("Request who-has 10.77.30.2"))).toBe(true);
    expect(reply.stdout).toMatch(/Received 0 response/);
    expect(in100.filter((l) => l.includes("10.77.30."))).toEqual([]);
    await lab.exec("b", "ip", ["addr", "del", "10.77.30.2/24", "dev", "eth0"]);
    await lab.removeVlan("a", "lan0", 300);
    expect((await lab.exec("a", "ip", ["link", "show", "lan0.300"], { allowFailure: true })).exitCode).not.toBe(0);
  });
};

describe("VLAN shim (tc-BPF)", suite("bpf"));
describe.skipIf(kernelOk)("kernel 802.1Q requested where the kernel has none", () => {
  it("fails before building anything, with a message that names the way out", async () => {
    await expect(Lab.up(TRUNK, { vlanImpl: "kernel" })).rejects.toThrow(/this kernel has no 8021q .* use the BPF shim/);
  });
});
describe.skipIf(!kernelOk)(`kernel 802.1Q${kernelOk ? "" : " (skipped: this kernel has no 8021q module; `ip link add ... type vlan` fails)"}`, suite("kernel"));
