// The inventory schema: valid files load frozen; every mistake names the file, the path, expected and found.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { twinProfile } from "../console/profiles/twin.ts";
import { applianceNamed, loadInventory, loadInventorySync, parseInventory } from "./inventory.ts";
import { parseSelector } from "./index.ts";

const good = {
  version: 1,
  appliances: [
    { name: "lab3-a", tty: "/dev/ttyUSB0", lan: "enp3s0", wan: "enp4s0", model: "current", serial: "QSA-1234", power: { command: { on: "pdu on 3", off: "pdu off 3" } } },
    { name: "lab3-b", tty: "/dev/ttyUSB1", lan: "enp5s0", model: "legacy", serial: "QSA-9", power: "none" },
  ],
};
const clone = () => structuredClone(good) as Record<string, any>;
const dir = mkdtempSync(join(tmpdir(), "hil-inv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("inventory (lab.yaml)", () => {
  it("loads a valid file into frozen appliances", async () => {
    const file = join(dir, "lab.yaml");
    writeFileSync(file, `version: 1\nappliances:\n  - name: lab3-a\n    tty: /dev/ttyUSB0\n    lan: enp3s0\n    model: current\n    serial: QSA-1\n    power: none\n`);
    const inv = await loadInventory(file);
    expect(applianceNamed(inv, "lab3-a")).toMatchObject({ tty: "/dev/ttyUSB0", lan: "enp3s0", power: "none" });
    expect(Object.isFrozen(inv.appliances[0])).toBe(true);
  });

  it.each([
    ["a missing tty", (d: any) => delete d.appliances[0].tty, "Invalid inventory lab.yaml at appliances[0].tty: expected string, found nothing"],
    ["a tty that is not an absolute path", (d: any) => (d.appliances[1].tty = "COM3"), 'Invalid inventory lab.yaml at appliances[1].tty: expected an absolute tty path like /dev/ttyUSB0, found "COM3"'],
    ["an unknown key", (d: any) => (d.appliances[0].baud = 9600), 'Invalid inventory lab.yaml at appliances[0]: expected no key "baud" (allowed: name, tty, lan, wan, model, has, serial, power, console, timings, platform), found "baud"'],
    ["wan listed as a tag", (d: any) => (d.appliances[0].has = ["wan"]), 'Invalid inventory lab.yaml at appliances[0].has[0]: expected vlan or ipv6 (a cabled WAN port is said by the wan field, its NIC), found "wan"'],
    ["an unknown tag", (d: any) => (d.appliances[1].has = ["vlan", "ipv4"]), 'Invalid inventory lab.yaml at appliances[1].has[1]: expected vlan or ipv6 (a cabled WAN port is said by the wan field, its NIC), found "ipv4"'],
    ["a tag twice", (d: any) => (d.appliances[1].has = ["ipv6", "ipv6"]), 'Invalid inventory lab.yaml at appliances[1].has: expected each tag once, found ["ipv6","ipv6"]'],
    ["tags not in a list", (d: any) => (d.appliances[1].has = "vlan"), 'Invalid inventory lab.yaml at appliances[1].has: expected array, found "vlan"'],
    ["a zero boot time", (d: any) => (d.appliances[0].timings = { bootMs: 0 }), "Invalid inventory lab.yaml at appliances[0].timings.bootMs: expected a positive integer of milliseconds, found 0"],
    ["a fractional key time", (d: any) => (d.appliances[0].timings = { keyMs: 1.5 }), "Invalid inventory lab.yaml at appliances[0].timings.keyMs: expected a positive integer of milliseconds, found 1.5"],
    ["an unknown timing", (d: any) => (d.appliances[0].timings = { rebootMs: 5 }), 'Invalid inventory lab.yaml at appliances[0].timings: expected no key "rebootMs" (allowed: bootMs, messageMs, checkMs, keyMs, timeScale, scales), found "rebootMs"'],
    ["a wait scale above 1", (d: any) => (d.appliances[0].timings = { scales: { check: 2 } }), "Invalid inventory lab.yaml at appliances[0].timings.scales.check: expected a number above 0, at most 1, found 2"],
    ["an unknown wait kind", (d: any) => (d.appliances[0].timings = { scales: { key: 0.1 } }), 'Invalid inventory lab.yaml at appliances[0].timings.scales: expected no key "key" (allowed: boot, check, message), found "key"'],
    ["an unknown profile name", (d: any) => (d.appliances[0].console = { profile: "qsa" }), 'Invalid inventory lab.yaml at appliances[0].console.profile: expected twin or a screen profile {name, cols, rows, lcd, nav, leds, mac, secretFields, line, redraw}, found "qsa"'],
    ["a bad parity override", (d: any) => (d.appliances[0].console = { line: { parity: "high" } }), 'Invalid inventory lab.yaml at appliances[0].console.line.parity: expected one of "none"|"even"|"odd"|"mark"|"space", found "high"'],
    ["an unknown line key", (d: any) => (d.appliances[0].console = { line: { flow: "rtscts" } }), 'Invalid inventory lab.yaml at appliances[0].console.line: expected no key "flow" (allowed: baudRate, dataBits, parity, stopBits), found "flow"'],
    ["an unknown platform mode", (d: any) => (d.appliances[0].platform = { mode: "cloud" }), 'Invalid inventory lab.yaml at appliances[0].platform.mode: expected one of "emulator"|"upstream", found "cloud"'],
    ["an upstream platform without DNS", (d: any) => (d.appliances[0].platform = { mode: "upstream", uplink: "eno1", url: "https://qg.example.com", dns: [] }), "Invalid inventory lab.yaml at appliances[0].platform.dns: expected at least one resolver address, found []"],
    ["an activation command without {code}", (d: any) => (d.appliances[0].platform = { mode: "upstream", uplink: "eno1", url: "https://qg.example.com", dns: ["192.0.2.53"], activate: "activate.sh" }), 'Invalid inventory lab.yaml at appliances[0].platform.activate: expected a shell command containing {code}, found "activate.sh"'],
    ["the appliance's own NIC as uplink", (d: any) => (d.appliances[0].platform = { mode: "upstream", uplink: "enp4s0", url: "https://qg.example.com", dns: ["192.0.2.53"] }), 'Invalid inventory lab.yaml at appliances[0].platform.uplink: expected a host NIC other than the appliance\'s lan and wan, found "enp4s0"'],
    ["a relative account directory", (d: any) => (d.appliances[0].platform = { mode: "emulator", account: "acct" }), 'Invalid inventory lab.yaml at appliances[0].platform.account: expected an absolute directory path, found "acct"'],
    ["a relative CA path", (d: any) => (d.appliances[0].platform = { mode: "emulator", ca: { cert: "ca.crt", key: "/k" } }), 'Invalid inventory lab.yaml at appliances[0].platform.ca.cert: expected an absolute file path, found "ca.crt"'],
    ["a bad model", (d: any) => (d.appliances[0].model = "v2"), 'Invalid inventory lab.yaml at appliances[0].model: expected one of "current"|"legacy", found "v2"'],
    ["a bad power entry", (d: any) => (d.appliances[0].power = { pdu: 3 }), 'Invalid inventory lab.yaml at appliances[0].power: expected none, {command: {on, off, cut?}}, {pdudaemon: {url, hostname, port}} or {twin: {control}}, found {"pdu":3}'],
    ["a too long NIC name", (d: any) => (d.appliances[0].lan = "enp3s0f1234567890"), 'Invalid inventory lab.yaml at appliances[0].lan: expected a host interface name (1-15 characters), found "enp3s0f1234567890"'],
    ["a duplicate name", (d: any) => (d.appliances[1].name = "lab3-a"), 'Invalid inventory lab.yaml at appliances[1].name: expected a name not used by another appliance, found "lab3-a"'],
    ["the same NIC twice", (d: any) => (d.appliances[0].wan = "enp3s0"), 'Invalid inventory lab.yaml at appliances[0].wan: expected a NIC other than lan, found "enp3s0"'],
    ["a wrong version", (d: any) => (d.version = 2), "Invalid inventory lab.yaml at version: expected 1, found 2"],
  ])("rejects %s", (_what, edit, message) => {
    const d = clone();
    edit(d);
    expect(() => parseInventory(d, "lab.yaml")).toThrow(message);
  });

  it("tags each appliance: wan from its WAN NIC, vlan and ipv6 from has (absent: both, as before the field)", () => {
    const d = clone();
    d.appliances[1].has = ["ipv6"];
    d.appliances.push({ name: "lab3-c", tty: "/dev/ttyUSB2", lan: "enp6s0", wan: "enp7s0", model: "current", serial: "QSA-3", power: "none", has: [] });
    const inv = parseInventory(d, "lab.yaml");
    expect(inv.appliances.map((a) => [a.name, a.has])).toEqual([["lab3-a", ["wan", "vlan", "ipv6"]], ["lab3-b", ["ipv6"]], ["lab3-c", ["wan"]]]);
    expect(Object.isFrozen(inv.appliances[0]!.has)).toBe(true);
  });

  it("resolves a real appliance's defaults: hardware timings, the twin-shaped layout, the emulator with the lab CA, cut = off", () => {
    const a = applianceNamed(parseInventory(good, "lab.yaml"), "lab3-a");
    expect(a.timings).toEqual({ bootMs: 180_000, messageMs: 30_000, checkMs: 60_000, keyMs: 10_000 });
    expect(a.profile.line).toEqual({ baudRate: 9600, dataBits: 8, parity: "none", stopBits: 2 });
    expect(a.platform).toEqual({ mode: "emulator", ca: { cert: "/var/lib/hil/ca/ca.crt", key: "/var/lib/hil/ca/ca.key" } });
    expect(a.power).toEqual({ command: { on: "pdu on 3", off: "pdu off 3", cut: "pdu off 3" } });
  });

  it("takes a box's own tty path, profile, line overrides, timings, cut command and upstream platform", () => {
    const d = clone();
    Object.assign(d.appliances[0], {
      tty: "/run/hil/box/lab3-a/tty",
      power: { command: { on: "box on", off: "box off", cut: "box cut" } },
      console: { profile: { ...twinProfile, name: "calibrated", lcd: { ...twinProfile.lcd, width: 16 } }, line: { baudRate: 19200, parity: "even" } },
      timings: { bootMs: 150_000, keyMs: 2_000, timeScale: 0.5, scales: { check: 0.75 } },
      platform: { mode: "upstream", uplink: "eno1", url: "https://qualysguard.example.com", dns: ["192.0.2.53", "2001:db8::53"], activate: "qg-activate --code {code}" },
    });
    const a = applianceNamed(parseInventory(d, "lab.yaml"), "lab3-a");
    expect(a.tty).toBe("/run/hil/box/lab3-a/tty");
    expect(a.power).toEqual({ command: { on: "box on", off: "box off", cut: "box cut" } });
    expect(a.profile.name).toBe("calibrated");
    expect(a.profile.lcd.width).toBe(16);
    expect(a.profile.line).toEqual({ baudRate: 19200, dataBits: 8, parity: "even", stopBits: 2 });
    // A key's echo deadline never drops below the host floor (8 s): a loaded lab host answers late.
    expect(a.timings).toEqual({ bootMs: 150_000, messageMs: 30_000, checkMs: 60_000, keyMs: 8_000 });
    expect(a.timeScale).toBe(0.5);
    // Kinds of wait the inventory gives no scale for run at its time scale.
    expect(a.scales).toEqual({ boot: 0.5, check: 0.75, message: 0.5, other: 0.5 });
    expect(a.platform).toEqual({ mode: "upstream", uplink: "eno1", url: "https://qualysguard.example.com", dns: ["192.0.2.53", "2001:db8::53"], activate: "qg-activate --code {code}" });
    expect(Object.isFrozen(a.profile.line) && Object.isFrozen(a.timings)).toBe(true);
  });

  it("loads synchronously too (for test collection)", () => {
    const file = join(dir, "sync.yaml");
    writeFileSync(file, `version: 1\nappliances:\n  - name: box\n    tty: /run/hil/box/box/tty\n    lan: hb0\n    model: current\n    serial: "31000"\n    power: none\n    console: { profile: twin }\n    timings: { bootMs: 1800 }\n`);
    // 1.8 s of a box at time scale 0.01 is raised to the host's 20 s boot floor (harness/dut/floors.ts).
    expect(applianceNamed(loadInventorySync(file), "box").timings.bootMs).toBe(20_000);
    expect(() => loadInventorySync(join(dir, "nope.yaml"))).toThrow(`Invalid inventory ${join(dir, "nope.yaml")} at (root): expected a readable YAML file, found ENOENT`);
  });

  it("names an unreadable file and bad YAML", async () => {
    await expect(loadInventory(join(dir, "missing.yaml"))).rejects.toThrow(`Invalid inventory ${join(dir, "missing.yaml")} at (root): expected a readable YAML file, found ENOENT`);
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "appliances: [\n");
    await expect(loadInventory(bad)).rejects.toThrow(/at \(root\): expected valid YAML, found/);
  });

  it("names the known appliances when one is missing", () => {
    expect(() => applianceNamed(parseInventory(good, "lab.yaml"), "lab9")).toThrow('Inventory lab.yaml has no appliance named "lab9" (known: lab3-a, lab3-b)');
  });

  it("parses HIL_DUT selectors", () => {
    expect(parseSelector("twin")).toEqual({ kind: "twin" });
    expect(parseSelector("lab3-a", "inv.yaml")).toEqual({ kind: "hardware", file: "inv.yaml", name: "lab3-a" });
    expect(parseSelector("/etc/hil/lab.yaml:lab3-b")).toEqual({ kind: "hardware", file: "/etc/hil/lab.yaml", name: "lab3-b" });
    expect(() => parseSelector("bad name!")).toThrow('HIL_DUT="bad name!": expected twin, NAME, FILE:NAME (an appliance of the inventory), or a pool FILE:NAME,NAME... or FILE:*');
  });
});
