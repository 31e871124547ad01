// The inventory schema: valid files load frozen; every mistake names the file, the path, expected and found.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applianceNamed, loadInventory, parseInventory } from "./inventory.ts";
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
    ["a tty that is not a device path", (d: any) => (d.appliances[1].tty = "COM3"), 'Invalid inventory lab.yaml at appliances[1].tty: expected a tty path like /dev/ttyUSB0, found "COM3"'],
    ["an unknown key", (d: any) => (d.appliances[0].baud = 9600), 'Invalid inventory lab.yaml at appliances[0]: expected no key "baud" (allowed: name, tty, lan, wan, model, serial, power), found "baud"'],
    ["a bad model", (d: any) => (d.appliances[0].model = "v2"), 'Invalid inventory lab.yaml at appliances[0].model: expected one of "current"|"legacy", found "v2"'],
    ["a bad power entry", (d: any) => (d.appliances[0].power = { pdu: 3 }), 'Invalid inventory lab.yaml at appliances[0].power: expected none or {command: {on, off}}, found {"pdu":3}'],
    ["a too long NIC name", (d: any) => (d.appliances[0].lan = "enp3s0f1234567890"), 'Invalid inventory lab.yaml at appliances[0].lan: expected a host interface name (1-15 characters), found "enp3s0f1234567890"'],
    ["a duplicate name", (d: any) => (d.appliances[1].name = "lab3-a"), 'Invalid inventory lab.yaml at appliances[1].name: expected a name not used by another appliance, found "lab3-a"'],
    ["the same NIC twice", (d: any) => (d.appliances[0].wan = "enp3s0"), 'Invalid inventory lab.yaml at appliances[0].wan: expected a NIC other than lan, found "enp3s0"'],
    ["a wrong version", (d: any) => (d.version = 2), "Invalid inventory lab.yaml at version: expected 1, found 2"],
  ])("rejects %s", (_what, edit, message) => {
    const d = clone();
    edit(d);
    expect(() => parseInventory(d, "lab.yaml")).toThrow(message);
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
    expect(() => parseSelector("bad name!")).toThrow('HIL_DUT="bad name!": expected twin, NAME or FILE:NAME');
  });
});
