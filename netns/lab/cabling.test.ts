// Cabling a hardware appliance: host NICs take the place of the lab ends of its links. Proven with stand-in NICs
// (veth ends in the host namespace named with this run's prefix, their peers in a namespace standing for the
// appliance): DHCP through the cable, captures and carrier on the cable end, VLAN tags on the NIC, the DNS fault
// on the lab end, give-back with the NIC's own state (also after SIGKILL, by the sweeper), refusals.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyDnsUnreachable } from "../faults/dns.ts";
import { applyLinkDown, carrierOf } from "../faults/link.ts";
import { nslookup, udhcpcLease } from "../services/testclients.ts";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { newPrefix, runDir } from "../util/owner.ts";
import { run, runIn } from "../util/sh.ts";
import { addVlan, vlanImpl } from "../vlan/vlan.ts";
import { applyFaultVerb } from "./fault-verbs.ts";
import { Lab } from "./lab.ts";
import { readNicState, type NicState } from "./nics.ts";
import { sweep } from "./sweep.ts";
import { fakeAppliance, type FakeAppliance } from "./testkit/fake-nics.ts";
import { leftovers, NOTHING } from "./testkit/leftovers.ts";
import { sniff } from "./testkit/sniff.ts";

const prefix = newPrefix();
let app: FakeAppliance;
let clients = "";
/** The NICs' state before any lab took them (what every give-back must restore). */
let before: { lan: NicState; wan: NicState };
const children: ChildProcess[] = [];

beforeAll(async () => {
  app = await fakeAppliance(prefix);
  clients = await mkdtemp(join(tmpdir(), `${prefix}-clients-`));
  // Give the stand-in NICs state of their own to get back: MTU, alias, addresses (documentation ranges, no prefix
  // route: nothing reaches the host's routing), up (LAN) and down (WAN).
  await run("ip", ["-batch", "-"], {
    input: [
      `link set dev ${app.lan} mtu 1400 alias "bench cable A"`,
      `address add 198.51.100.1/30 dev ${app.lan} noprefixroute`,
      `address add 2001:db8:77::1/64 dev ${app.lan} noprefixroute nodad`,
      `link set dev ${app.lan} up`,
      `address add 198.51.100.5/30 dev ${app.wan} noprefixroute`,
      "",
    ].join("\n"),
  });
  before = { lan: (await readNicState(app.lan))!, wan: (await readNicState(app.wan))! };
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await app.remove();
  await rm(clients, { recursive: true, force: true });
});

/** The NIC is back in the host namespace exactly as it was. */
async function expectBack(nic: NicState): Promise<void> {
  expect(await readNicState(nic.nic)).toEqual(nic);
}

async function lease(iface: string) {
  const l = await udhcpcLease(app.ns, iface, join(clients, iface));
  if (!l) throw new Error(`no DHCP lease on the appliance's ${iface} through the cable`);
  return l;
}

describe("a lab cabled to host NICs", { timeout: 90_000 }, () => {
  it("standard: the NIC is the cable end; DHCP, capture, carrier and the DNS fault act on the appliance's wire", async () => {
    expect(before.lan).toMatchObject({ mtu: 1400, alias: "bench cable A", up: true, addresses: ["198.51.100.1/30", "2001:db8:77::1/64"] });
    const lab = await Lab.up("standard", { services: ["dnsmasq"], cabling: { lan0: app.lan } });
    try {
      const end = lab.cableEnd("lan0");
      expect(end).toMatchObject({ host: "lanrtr", iface: "dut" });
      expect(await readNicState(app.lan)).toBeUndefined();
      const there = (await readNicState("dut", end.ns))!;
      expect(there).toMatchObject({ mac: before.lan.mac, ifindex: before.lan.ifindex });
      expect((await lab.exec("lanrtr", "ip", ["-o", "link", "show", "dev", "dut"])).stdout).toContain("master br0");
      expect((await lab.exec("dut", "ip", ["-o", "link", "show"])).stdout.trim().split("\n")).toHaveLength(1); // lo only
      expect(lab.nics).toEqual([{ ...before.lan, ns: end.ns, inside: "dut" }]);

      // DHCP through the cable, seen by a capture on the cable end.
      let got: Record<string, string> | undefined;
      const frames = await sniff(end.ns, end.iface, "udp port 67 or udp port 68", async () => (got = await lease("eth0")));
      expect(got?.ip).toMatch(/^10\.77\.1\.1\d\d$/);
      const appMac = (await runIn(app.ns, "cat", ["/sys/class/net/eth0/address"])).stdout.trim();
      expect(frames.some((f) => f.startsWith(appMac) || f.includes(` ${appMac} >`))).toBe(true);

      // The DNS fault on the lab end: queries through the cable time out (drop) or are refused (reject).
      await runIn(app.ns, "ip", ["addr", "add", `${got!.ip}/24`, "dev", "eth0"]);
      expect((await nslookup(app.ns, "target1.lab.test", "10.77.1.1")).kind).toBe("answer");
      const reject = await applyDnsUnreachable(end, lab.prefix, "10.77.1.1", "reject");
      expect((await nslookup(app.ns, "target1.lab.test", "10.77.1.1")).kind).toBe("refused");
      // ...and only for the appliance's cable: the router itself still resolves.
      expect((await nslookup(end.ns, "target1.lab.test", "10.77.1.1")).kind).toBe("answer");
      await reject.remove();
      expect((await nslookup(app.ns, "target1.lab.test", "10.77.1.1")).kind).toBe("answer");

      // Link down on the cable end: the appliance's port loses carrier; back up, it has it again.
      const down = await applyLinkDown(end.ns, end.iface);
      await pollUntil(async () => ((await carrierOf(app.ns, "eth0")) === false ? true : undefined), Deadline.in(5_000, "appliance eth0 carrier 0"));
      await down.remove();
      await pollUntil(async () => ((await carrierOf(app.ns, "eth0")) === true ? true : undefined), Deadline.in(5_000, "appliance eth0 carrier 1"));

      // The link partner, by the CLI's verb: on this stand-in (a veth) the alias; `clear` puts the NIC's own back.
      const alias = async () => (await readNicState(end.iface, end.ns))?.alias;
      expect(await applyFaultVerb(lab, "partner", ["lanrtr", "dut", "10baseT/Half"])).toBe(`link partner dut in ${end.ns} set to 10baseT/Half (veth: alias "hil-link-partner=10baseT/Half")`);
      expect(await alias()).toBe("hil-link-partner=10baseT/Half");
      await expect(applyFaultVerb(lab, "partner", ["lanrtr", "dut", "100baseTX"])).rejects.toThrow('expected one of AUTO, 1GbaseT/Full, 100baseT/Full, 100baseT/Half, 10baseT/Full, 10baseT/Half, got "100baseTX"');
      expect(await applyFaultVerb(lab, "clear", ["lanrtr"])).toBe("cleared 1 fault(s) in lanrtr");
      expect(await alias()).toBe("bench cable A");
    } finally {
      await lab.down();
    }
    await expectBack(before.lan);
    expect(await leftovers(lab.prefix)).toEqual(NOTHING);
  });

  it("split: LAN and WAN NICs each get their own network's lease, and both come back (one up, one down)", async () => {
    await runIn(app.ns, "ip", ["addr", "flush", "dev", "eth0"]);
    const lab = await Lab.up("split", { services: ["dnsmasq"], cabling: { lan0: app.lan, wan0: app.wan } });
    try {
      expect(lab.cableEnd("wan0")).toMatchObject({ host: "wanrtr", iface: "dut" });
      expect((await lease("eth0")).ip).toMatch(/^10\.77\.1\.1\d\d$/);
      const wan = await lease("eth1");
      expect(wan.ip).toMatch(/^10\.77\.2\.1\d\d$/);
      // The WAN cable end is the NIC itself (no bridge): the DNS fault matches it by name.
      await runIn(app.ns, "ip", ["addr", "add", `${wan.ip}/24`, "dev", "eth1"]);
      expect((await nslookup(app.ns, "qualysguard.qualys.test", "10.77.2.1")).kind).toBe("answer");
      const reject = await applyDnsUnreachable(lab.cableEnd("wan0"), lab.prefix, "10.77.2.1", "reject");
      expect(reject.describe).toContain(`arriving on dut in ${lab.ns("wanrtr")}`);
      expect((await nslookup(app.ns, "qualysguard.qualys.test", "10.77.2.1")).kind).toBe("refused");
      await reject.remove();
      expect((await nslookup(app.ns, "qualysguard.qualys.test", "10.77.2.1")).kind).toBe("answer");
      await runIn(app.ns, "ip", ["addr", "flush", "dev", "eth1"]);
    } finally {
      await lab.down();
    }
    await expectBack(before.lan);
    await expectBack(before.wan);
  });

  it("vlan: the trunk is the NIC; frames leave it tagged and tagged frames are answered", async () => {
    const lab = await Lab.up("vlan", { services: ["dnsmasq"], cabling: { lan0: app.lan } });
    try {
      expect(lab.cableEnd("lan0")).toMatchObject({ host: "lanrtr", iface: "trunk0" });
      // The appliance's side tags too (its own VLAN interface, the same implementation as the lab's).
      await addVlan(app.ns, "eth0", 100, await vlanImpl());
      let got: Record<string, string> | undefined;
      const frames = await sniff(app.ns, "eth0", "vlan 100", async () => (got = await lease("eth0.100")));
      expect(got?.ip).toMatch(/^10\.77\.100\.1\d\d$/);
      // What the lab sent through the NIC carried the tag on the wire.
      const fromLab = frames.filter((f) => f.includes("vlan 100") && /BOOTP\/DHCP, Reply/.test(f));
      expect(fromLab.length).toBeGreaterThan(0);
    } finally {
      await lab.down();
      await run("ip", ["-n", app.ns, "link", "del", "eth0.100"], { allowFailure: true });
    }
    await expectBack(before.lan);
    expect((await run("tc", ["qdisc", "show", "dev", app.lan])).stdout).not.toContain("clsact");
  });
});

describe("cabling after a crash", { timeout: 90_000 }, () => {
  it("the owner SIGKILLed: the sweeper gives the NICs back, then removes the namespaces", async () => {
    const owner = fileURLToPath(new URL("./testkit/owner.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", owner, "split", "none", "--cable", `lan0=${app.lan},wan0=${app.wan}`], {
      cwd: fileURLToPath(new URL("../../", import.meta.url)),
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => (out += String(d)));
    child.stderr!.on("data", (d) => (err += String(d)));
    const info = await pollUntil(() => (out.includes("\n") ? (JSON.parse(out.split("\n")[0]!) as { prefix: string }) : undefined), Deadline.in(40_000, "cabled lab owner up"), {
      describeLast: () => `stdout ${JSON.stringify(out)}, stderr ${JSON.stringify(err.slice(-500))}`,
    });
    expect(await readNicState(app.lan)).toBeUndefined();
    child.kill("SIGKILL");
    await new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
    const result = await sweep();
    expect(result.kept.map((r) => r.prefix)).not.toContain(info.prefix);
    await expectBack(before.lan);
    await expectBack(before.wan);
    expect(await leftovers(info.prefix)).toEqual(NOTHING);
  });
});

describe("bad cabling is refused before anything is built", () => {
  const refused = async (spec: string, cabling: unknown, message: string) => {
    await expect(Lab.up(spec, { services: false, cabling: cabling as { lan0: string } })).rejects.toThrow(message);
    await expectBack(before.lan);
    await expectBack(before.wan);
  };

  it("a NIC that is not there, lo, a NIC named twice, an unknown port, no LAN port", async () => {
    await refused("standard", { lan0: `${prefix}zz` }, `Lab.up option \`cabling.lan0\`: expected a NIC in the host namespace, got "${prefix}zz" (no such interface); nothing was built`);
    await refused("standard", { lan0: "lo" }, 'Lab.up option `cabling.lan0`: expected a host NIC cabled to the appliance, got "lo" (the loopback interface); nothing was built');
    await refused("split", { lan0: app.lan, wan0: app.lan }, `Lab.up option \`cabling.wan0\`: expected a NIC other than cabling.lan0's (one NIC cannot be cabled to two ports), got "${app.lan}" again; nothing was built`);
    await refused("standard", { lan0: app.lan, lan1: app.wan }, 'Lab.up option `cabling.lan1`: expected one of the appliance\'s ports lan0, wan0, got a key "lan1"; nothing was built');
    await refused("split", { wan0: app.wan }, "Lab.up option `cabling.lan0`: expected the host NIC cabled to the appliance's LAN port, got nothing; nothing was built");
  });

  it("wan0 for a lab without a WAN cable", async () => {
    await refused("standard", { lan0: app.lan, wan0: app.wan }, 'Lab.up option `cabling.wan0`: expected a port lab standard cables (it has links to dut:lan0), got wan0: no link with endpoint "dut:wan0"; nothing was built');
  });

  it("a topology that configures the appliance's port itself", async () => {
    const t = { name: "selfconf", hosts: { dut: { addresses: { lan0: ["10.77.1.50/24"] } }, lanrtr: {} }, links: [{ endpoints: ["dut:lan0", "lanrtr:dut"] as [string, string] }] };
    await expect(Lab.up(t, { services: false, cabling: { lan0: app.lan } })).rejects.toThrow(
      "Lab.up option `cabling.lan0`: expected a topology that leaves the appliance's lan0 to the appliance, got lab selfconf configuring dut:lan0 (addresses or bridge); nothing was built",
    );
    await expectBack(before.lan);
  });

  it("a NIC another lab holds (by its record)", async () => {
    const other = runDir(newPrefix());
    await mkdir(other, { recursive: true });
    try {
      await writeFile(join(other, "nics.json"), JSON.stringify([{ ...before.lan, ns: "elsewhere", inside: "dut" }]));
      await refused("standard", { lan0: app.lan }, `Lab.up option \`cabling.lan0\`: expected a NIC no other lab holds, got "${app.lan}", recorded as moved into a lab by ${other}; nothing was built`);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
