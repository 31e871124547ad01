// The model a section compares each scenario's model with: none for the twin (it runs both), the inventory's for hardware.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { selectedHardwareModel } from "./section.ts";

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
