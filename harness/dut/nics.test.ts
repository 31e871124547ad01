// NIC moves, proven with a veth pair this test creates under its own hil* prefix (never a real host NIC).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPrefix } from "../../netns/util/owner.ts";
import { run } from "../../netns/util/sh.ts";
import { HardwareDut } from "./hardware.ts";
import { giveBackAll, moveNic, nicRecordPath } from "../../netns/lab/nics.ts";

const prefix = newPrefix();
const ns = `${prefix}-dut`;
const nicA = `${prefix}-a`;
const nicB = `${prefix}-b`;
const nicW = `${prefix}-w`;
const dir = mkdtempSync(join(tmpdir(), `${prefix}-nics-`));
const hostHas = async (name: string) => (await run("ip", ["link", "show", "dev", name], { allowFailure: true })).exitCode === 0;
const nsHas = async (name: string) => (await run("ip", ["-n", ns, "link", "show", "dev", name], { allowFailure: true })).exitCode === 0;

beforeAll(async () => {
  await run("ip", ["netns", "add", ns]);
  await run("ip", ["link", "add", nicA, "type", "veth", "peer", "name", nicB]);
  await run("ip", ["link", "add", nicW, "type", "veth", "peer", "name", `${prefix}-x`]);
});
afterAll(async () => {
  // Only what this test created: its namespace (veths inside go with it) and its veths left on the host.
  await run("ip", ["netns", "del", ns], { allowFailure: true });
  for (const n of [nicA, nicW]) await run("ip", ["link", "del", n], { allowFailure: true });
  rmSync(dir, { recursive: true, force: true });
});

describe("host NICs into the lab and back", () => {
  it("moves a NIC in as lan0, records it first, and gives it back under its own name", async () => {
    const move = await moveNic(dir, nicA, ns, "lan0");
    expect(await nsHas("lan0")).toBe(true);
    expect(await hostHas(nicA)).toBe(false);
    expect(JSON.parse(readFileSync(nicRecordPath(dir), "utf8"))).toEqual([move]);
    // A crash here: the sweeper's entry point gives back what the record names.
    expect(await giveBackAll(dir)).toEqual([move]);
    expect(await hostHas(nicA)).toBe(true);
    expect(await nsHas("lan0")).toBe(false);
    expect(existsSync(nicRecordPath(dir))).toBe(false);
  });

  it("refuses a NIC that does not exist and a name already taken, leaving nothing moved", async () => {
    await expect(moveNic(dir, `${prefix}-zz`, ns, "lan0")).rejects.toThrow(`Cannot move host NIC ${prefix}-zz into namespace ${ns}: no such interface in the host namespace`);
    await run("ip", ["-n", ns, "link", "add", "wan0", "type", "veth", "peer", "name", "wan0p"]);
    await expect(moveNic(dir, nicW, ns, "wan0")).rejects.toThrow(`the namespace already has an interface named wan0`);
    await run("ip", ["-n", ns, "link", "del", "wan0"]);
    expect(await hostHas(nicW)).toBe(true);
    expect(existsSync(nicRecordPath(dir))).toBe(false);
  });

  it("a hardware DUT moves lan and wan NICs in and gives both back on dispose", async () => {
    const inv = join(dir, "lab.yaml");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(inv, `version: 1\nappliances:\n  - name: bench1\n    tty: /dev/ttyUSB9\n    lan: ${nicA}\n    wan: ${nicW}\n    model: current\n    serial: QSA-1\n    power: none\n`);
    const lab = { dir, ns: (h: string) => (h === "dut" ? ns : `${prefix}-${h}`) };
    const dut = await HardwareDut.attach(inv, "bench1", lab);
    expect(dut.console).toBe("/dev/ttyUSB9");
    expect(await nsHas("lan0")).toBe(true);
    expect(await nsHas("wan0")).toBe(true);
    await expect(dut.power.cut()).rejects.toThrow(`DUT bench1: cannot power cut: ${inv} sets power: none`);
    await dut.dispose();
    await dut.dispose();
    expect(await hostHas(nicA)).toBe(true);
    expect(await hostHas(nicW)).toBe(true);
    expect(await nsHas("lan0")).toBe(false);
  });
});
