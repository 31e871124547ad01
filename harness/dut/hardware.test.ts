// The hardware backend with a lab: it hands the lab its cabling and never moves a NIC itself.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { newPrefix } from "../../netns/util/owner.ts";
import { run } from "../../netns/util/sh.ts";
import { HardwareDut } from "./hardware.ts";

const prefix = newPrefix();
const dir = mkdtempSync(join(tmpdir(), `${prefix}-hw-`));
const inv = join(dir, "lab.yaml");
writeFileSync(
  inv,
  "version: 1\nappliances:\n" +
    `  - { name: bench1, tty: /dev/ttyUSB9, lan: ${prefix}a, wan: ${prefix}w, model: current, serial: QSA-1, power: none }\n` +
    `  - { name: bench2, tty: /dev/ttyUSB8, lan: ${prefix}b, model: legacy, serial: QSA-2, power: none }\n`,
);
afterAll(async () => {
  await run("ip", ["netns", "del", `${prefix}-dut`], { allowFailure: true });
  await run("ip", ["link", "del", "dev", `${prefix}a`], { allowFailure: true });
  rmSync(dir, { recursive: true, force: true });
});

describe("HardwareDut and the lab's cabling", () => {
  it("gives the inventory's NICs as the cabling Lab.up takes (wan0 only when the appliance has a WAN NIC)", async () => {
    expect(await HardwareDut.cablingOf(inv, "bench1")).toEqual({ lan0: `${prefix}a`, wan0: `${prefix}w` });
    expect(await HardwareDut.cablingOf(inv, "bench2")).toEqual({ lan0: `${prefix}b` });
    await expect(HardwareDut.cablingOf(inv, "bench9")).rejects.toThrow("bench9");
  });

  it("attaching with a lab leaves the NICs where they are (the lab holds them), and dispose is idempotent", async () => {
    await run("ip", ["netns", "add", `${prefix}-dut`]);
    await run("ip", ["link", "add", "name", `${prefix}a`, "type", "veth", "peer", "name", `${prefix}p`]);
    const lab = { dir, ns: (h: string) => `${prefix}-${h}` };
    const dut = await HardwareDut.attach(inv, "bench1", lab);
    expect(dut.console).toBe("/dev/ttyUSB9");
    expect(dut.cabling).toEqual({ lan0: `${prefix}a`, wan0: `${prefix}w` });
    expect((await run("ip", ["link", "show", "dev", `${prefix}a`], { allowFailure: true })).exitCode).toBe(0);
    expect((await run("ip", ["-n", `${prefix}-dut`, "-o", "link", "show"])).stdout.trim().split("\n")).toHaveLength(1);
    await expect(dut.power.cut()).rejects.toThrow(`DUT bench1: cannot power cut: ${inv} sets power: none`);
    await dut.dispose();
    await dut.dispose();
  });
});
