// --filter resolves to the section's file, or to one scenario's file and an anchored test-name pattern.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sectionFiles, select, type ScenarioRow } from "./select.ts";

const rows: ScenarioRow[] = [
  { id: "static-ip", section: "Configure Static IP Address", behaviour: "static IP on LAN (zero-padded)" },
  { id: "netmask-ring", section: "Configure Static IP Address", behaviour: "netmask ring both directions" },
  { id: "reboot", section: "System Reboot and Shutdown", behaviour: "SYSTEM REBOOT: Up cancels" },
  { id: "orphan", section: "No File For It", behaviour: "never runs" },
];
const files = new Map([["Configure Static IP Address", ["scenarios/configure-static-ip-address.test.ts"]], ["System Reboot and Shutdown", ["scenarios/system-reboot-and-shutdown.test.ts"]]]);
const parted = new Map([...files, ["System Reboot and Shutdown", ["scenarios/reboot.part1.test.ts", "scenarios/reboot.part2.test.ts"]]]);

describe("select", () => {
  it("takes every scenario that has a section file when there is no filter", () => {
    expect(select(undefined, rows, files)).toEqual({ scenarios: rows.slice(0, 3), files: ["scenarios/configure-static-ip-address.test.ts", "scenarios/system-reboot-and-shutdown.test.ts"] });
  });

  it("takes a whole section by its title, in any case", () => {
    expect(select("configure static ip address", rows, files)).toEqual({ scenarios: rows.slice(0, 2), files: ["scenarios/configure-static-ip-address.test.ts"] });
  });

  it("takes one scenario by id or behaviour, with an anchored, escaped name pattern", () => {
    const byId = select("static-ip", rows, files);
    expect(byId).toEqual({ scenarios: [rows[0]], files: ["scenarios/configure-static-ip-address.test.ts"], testNamePattern: "^Configure Static IP Address static IP on LAN \\(zero-padded\\)$" });
    expect(select("SYSTEM REBOOT: Up cancels", rows, files)).toMatchObject({ scenarios: [rows[2]] });
    expect(new RegExp((byId as { testNamePattern: string }).testNamePattern).test("Configure Static IP Address static IP on LAN (zero-padded)")).toBe(true);
  });

  it("takes every part of a section cut into parts (a scenario: its pattern picks its own test among them)", () => {
    expect(select("System Reboot and Shutdown", rows, parted)).toEqual({ scenarios: [rows[2]], files: ["scenarios/reboot.part1.test.ts", "scenarios/reboot.part2.test.ts"] });
    expect(select("reboot", rows, parted)).toMatchObject({ files: ["scenarios/reboot.part1.test.ts", "scenarios/reboot.part2.test.ts"], testNamePattern: "^System Reboot and Shutdown SYSTEM REBOOT: Up cancels$" });
    expect(select(undefined, rows, parted)).toMatchObject({ files: ["scenarios/configure-static-ip-address.test.ts", "scenarios/reboot.part1.test.ts", "scenarios/reboot.part2.test.ts"] });
  });

  it("names what was asked and the nearest name when nothing matches", () => {
    expect(select("statc-ip", rows, files)).toEqual({ error: "expected --filter to be a scenario id (e.g. static-ip), a scenario's behaviour or a manual section's title, got 'statc-ip' (did you mean 'static-ip'?); hil certify --list shows them" });
    expect(select("never runs", rows, files)).toEqual({ error: "expected --filter to be a scenario id (e.g. static-ip), a scenario's behaviour or a manual section's title, got 'never runs'; hil certify --list shows them" });
  });
});

describe("sectionFiles", () => {
  it("maps each declared section title to its files (one, or its parts), relative to the root", async () => {
    const root = await mkdtemp(join(tmpdir(), "hil-select-"));
    try {
      await writeFile(join(root, "a.test.ts"), 'import { section } from "./section.ts";\n\nsection("Proxy Configuration");\n');
      await writeFile(join(root, "b.test.ts"), "it('x', () => {});\n");
      await writeFile(join(root, "c.part1.test.ts"), 'section("Split Network Configuration", { part: [1, 2] });\n');
      await writeFile(join(root, "c.part2.test.ts"), 'section("Split Network Configuration", { part: [2, 2] });\n');
      expect(await sectionFiles(root, root)).toEqual(new Map([["Proxy Configuration", ["a.test.ts"]], ["Split Network Configuration", ["c.part1.test.ts", "c.part2.test.ts"]]]));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("select, a comma list", () => {
  it("runs the union of several sections and scenarios, in catalogue order", () => {
    expect(select("System Reboot and Shutdown, configure static ip address", rows, files)).toEqual({ scenarios: rows.slice(0, 3), files: ["scenarios/configure-static-ip-address.test.ts", "scenarios/system-reboot-and-shutdown.test.ts"] });
    const mixed = select("reboot,netmask-ring", rows, files) as { testNamePattern: string; scenarios: readonly ScenarioRow[] };
    expect(mixed.scenarios.map((s) => s.id)).toEqual(["netmask-ring", "reboot"]);
    expect(mixed.testNamePattern).toBe("(?:^System Reboot and Shutdown SYSTEM REBOOT: Up cancels$)|(?:^Configure Static IP Address netmask ring both directions$)");
    const sectionAndId = select("System Reboot and Shutdown,netmask-ring", rows, files) as { testNamePattern: string };
    expect(new RegExp(sectionAndId.testNamePattern).test("System Reboot and Shutdown SYSTEM REBOOT: Up cancels")).toBe(true);
    expect(new RegExp(sectionAndId.testNamePattern).test("Configure Static IP Address static IP on LAN (zero-padded)")).toBe(false);
  });

  it("names the item of the list that names nothing", () => {
    expect(select("reboot,statc-ip", rows, files)).toEqual({ error: "expected --filter to be a scenario id (e.g. static-ip), a scenario's behaviour or a manual section's title, got 'statc-ip' (did you mean 'static-ip'?); hil certify --list shows them (in the list 'reboot,statc-ip')" });
  });
});
