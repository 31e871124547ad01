// The model a section compares each scenario's model with: none for the twin (it runs both), the inventory's for hardware.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { selectedHardwareModel, upstreamSkip } from "./section.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-section-"));
const saved = process.env.HIL_DUT;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.HIL_DUT;
  else process.env.HIL_DUT = saved;
});

describe("selectedHardwareModel", () => {
  it("is null for the twin, the inventory's model for a hardware appliance", async () => {
    process.env.HIL_DUT = "twin";
    expect(await selectedHardwareModel()).toBeNull();
    const inv = join(dir, "lab.yaml");
    writeFileSync(inv, "version: 1\nappliances:\n  - name: oldbox\n    tty: /dev/ttyUSB77\n    lan: enp9s0\n    model: legacy\n    serial: QSA-1\n    power: none\n");
    process.env.HIL_DUT = `${inv}:oldbox`;
    expect(await selectedHardwareModel()).toBe("legacy");
  });
});

describe("upstreamSkip", () => {
  it("skips lab scenarios on an appliance that talks to the real platform upstream, with the reason; not the others", async () => {
    const inv = join(dir, "up.yaml");
    const entry = (name: string, n: number) => `  - name: ${name}\n    tty: /dev/ttyUSB${n}\n    lan: enp${n}s0\n    model: current\n    serial: QSA-${n}\n    power: none\n`;
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
