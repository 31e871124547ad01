// What a section checks before a scenario runs on hardware: the selected appliance (or a member of the pool) has what
// the scenario needs (its model; its lab's WAN, VLAN, IPv6), else the scenario is skipped with each one's reason; a
// lab scenario is skipped on an appliance that talks to the real platform upstream. And what a file leases for.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parseInventory } from "../harness/dut/inventory.ts";
import { setFileAppliance } from "./budget.ts";
import { fileNeeds, needsSkip, upstreamSkip } from "./section.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-section-"));
const saved = process.env.HIL_DUT;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.HIL_DUT;
  else process.env.HIL_DUT = saved;
});
afterEach(() => setFileAppliance(undefined));

const entry = (name: string, n: number, more = "") => `  - name: ${name}\n    tty: /dev/ttyUSB${n}\n    lan: enp${n}s0\n    model: current\n    serial: QSA-${n}\n    power: none\n${more}`;
/** A lab with both a WAN cable and IPv6 (no preset has both). */
const wan6 = { name: "wan6", hosts: { dut: {}, r: { addresses: { lan: ["fd77:1::1/64"], wan: ["10.77.2.1/24"] } } }, links: [{ endpoints: ["dut:lan0", "r:lan"] as [string, string] }, { endpoints: ["dut:wan0", "r:wan"] as [string, string] }] };

describe("needsSkip", () => {
  it("never skips on the twin", async () => {
    process.env.HIL_DUT = "twin";
    expect(await needsSkip({ spec: { lab: "split", model: "legacy" } })).toBeNull();
  });

  it("on a named appliance: skips what it cannot serve, saying what it lacks", async () => {
    const inv = join(dir, "one.yaml");
    writeFileSync(inv, `version: 1\nappliances:\n${entry("oldbox", 7, "    has: []\n").replace("model: current", "model: legacy")}`);
    process.env.HIL_DUT = `${inv}:oldbox`;
    expect(await needsSkip({ spec: { model: "legacy", lab: "standard" } })).toBeNull();
    expect(await needsSkip({ spec: {} })).toBe("needs a current model appliance: oldbox is a legacy model appliance, not current");
    expect(await needsSkip({ spec: { model: "legacy", lab: "split" } })).toBe("needs a legacy model appliance with wan: oldbox has no WAN port cabled (no wan NIC in its inventory entry)");
    expect(await needsSkip({ spec: { model: "legacy", lab: wan6 } })).toBe("needs a legacy model appliance with wan, ipv6: oldbox has no WAN port cabled (no wan NIC in its inventory entry), no IPv6 lab network (ipv6 not in its inventory has)");
  });

  it("on a pool: runs what any member can serve, skips the rest naming each member and what it lacks", async () => {
    const inv = join(dir, "pool.yaml");
    writeFileSync(inv, `version: 1\nappliances:\n${entry("wanbox", 1, "    wan: enp1s1\n    has: [vlan]\n")}${entry("v6box", 2, "    has: [ipv6]\n")}`);
    process.env.HIL_DUT = `${inv}:*`;
    expect(await needsSkip({ spec: { lab: "split" } })).toBeNull();
    expect(await needsSkip({ spec: { lab: "ipv6-only" } })).toBeNull();
    expect(await needsSkip({ spec: { lab: "vlan" } })).toBeNull();
    expect(await needsSkip({ spec: { lab: wan6 } })).toBe("needs a current model appliance with wan, ipv6, which no appliance of the pool is: wanbox has no IPv6 lab network (ipv6 not in its inventory has); v6box has no WAN port cabled (no wan NIC in its inventory entry)");
    expect(await needsSkip({ spec: { model: "legacy" } })).toBe("needs a legacy model appliance, which no appliance of the pool is: wanbox is a current model appliance, not legacy; v6box is a current model appliance, not legacy");
    // Once the file leased a member, that member is the one asked.
    setFileAppliance(parseInventory({ version: 1, appliances: [{ name: "wanbox", tty: "/dev/ttyUSB1", lan: "enp1s0", wan: "enp1s1", model: "current", serial: "QSA-1", power: "none", has: ["vlan"] }] }, inv).appliances[0]);
    expect(await needsSkip({ spec: { lab: "split" } })).toBeNull();
    expect(await needsSkip({ spec: { lab: "ipv6-only" } })).toBe("needs a current model appliance with ipv6: wanbox has no IPv6 lab network (ipv6 not in its inventory has)");
  });
});

describe("fileNeeds", () => {
  const members = parseInventory(
    {
      version: 1,
      appliances: [
        { name: "wanbox", tty: "/dev/ttyUSB1", lan: "enp1s0", wan: "enp1s1", model: "current", serial: "1", power: "none", has: ["vlan"] },
        { name: "v6box", tty: "/dev/ttyUSB2", lan: "enp2s0", model: "current", serial: "2", power: "none", has: ["ipv6"] },
        { name: "oldbox", tty: "/dev/ttyUSB3", lan: "enp3s0", wan: "enp3s1", model: "legacy", serial: "3", power: "none" },
      ],
    },
    "lab.yaml",
  ).appliances;
  it("is the union of the file's needs when one member has it all", () => {
    expect(fileNeeds([{ spec: { lab: "standard" } }, { spec: { lab: "split" } }, { spec: { lab: "vlan" } }], members)).toEqual({ model: "current", features: ["wan", "vlan"] });
    expect(fileNeeds([{ spec: { model: "legacy", lab: "split" } }, { spec: { model: "legacy" } }], members)).toEqual({ model: "legacy", features: ["wan"] });
    expect(fileNeeds([{ spec: {} }], members)).toEqual({ model: "current", features: [] });
  });
  it("is null (a lease per scenario) when no member has it all: mixed models, or tags no one member has", () => {
    expect(fileNeeds([{ spec: { lab: "split" } }, { spec: { lab: "ipv6-only" } }], members)).toBeNull();
    expect(fileNeeds([{ spec: {} }, { spec: { model: "legacy" } }], members)).toBeNull();
  });
});

describe("upstreamSkip", () => {
  it("skips lab scenarios on an appliance that talks to the real platform upstream, with the reason; not the others", async () => {
    const inv = join(dir, "up.yaml");
    writeFileSync(inv, `version: 1\nappliances:\n${entry("upbox", 1)}    platform: { mode: upstream, uplink: eno9, url: "https://qg.example.com", dns: ["192.0.2.53"] }\n${entry("labbox", 2)}`);
    process.env.HIL_DUT = `${inv}:upbox`;
    expect(await upstreamSkip({ spec: { lab: "standard" } })).toBe("needs the platform emulator; appliance upbox uses the upstream platform");
    expect(await upstreamSkip({ spec: {} })).toBeNull();
    process.env.HIL_DUT = `${inv}:labbox`;
    expect(await upstreamSkip({ spec: { lab: "standard" } })).toBeNull();
    process.env.HIL_DUT = "twin";
    expect(await upstreamSkip({ spec: { lab: "standard" } })).toBeNull();
  });
});
