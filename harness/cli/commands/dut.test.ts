// `hil dut check-inventory` through the real CLI: a valid inventory whose tty does not exist is refused, naming it.
import { execa } from "execa";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const hil = join(import.meta.dirname, "..", "hil.sh");
const dir = await mkdtemp(join(tmpdir(), "hil-dut-cli-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const inventory = (tty: string) => `version: 1\nappliances:\n  - name: lab3-a\n    tty: ${tty}\n    lan: enp3s0\n    model: current\n    serial: QSA-1\n    power: none\n`;

describe("hil dut check-inventory", { timeout: 60_000 }, () => {
  it("refuses an appliance whose tty does not exist, naming it", async () => {
    await writeFile(join(dir, "missing.yaml"), inventory("/dev/ttyUSB-hil-missing"));
    const bad = await execa(hil, ["dut", "check-inventory", join(dir, "missing.yaml")], { reject: false });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toBe("FAIL  lab3-a: current QSA-1 tty /dev/ttyUSB-hil-missing lan enp3s0 power none\n      lab3-a: tty /dev/ttyUSB-hil-missing does not exist (is the USB-RS232 adapter plugged in? inventory field tty)");
    expect(bad.stderr).toBe("hil dut check-inventory: 1 of 1 appliance(s) cannot be used now (see above)");
  });
});
