// The twin backend: a real twin process on a PTY; power by its control socket; stopped by pid; in a lab's namespace.
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Console } from "../console/console.ts";
import { twinProfile } from "../console/profiles/twin.ts";
import { Deadline } from "../../netns/util/deadline.ts";
import { Lab } from "../../netns/lab/lab.ts";
import { run } from "../../netns/util/sh.ts";
import { TwinDut } from "./twin.ts";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
/** The owner mark process `pid` carries (HIL_OWNER): a sweeper finds the twin of a dead run by it, recorded or not. */
const ownerMark = (pid: number) => readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").find((v) => v.startsWith("HIL_OWNER="));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("twin DUT", () => {
  it("starts with its console link, powers off/cuts/on through the control socket, and stops by pid", async () => {
    const dut = await TwinDut.start({ name: "t1", timeScale: 0.05 });
    cleanups.push(() => dut.dispose());
    expect(existsSync(dut.console)).toBe(true);
    // A twin without a lab has a run of its own (its directory); it carries that run's mark.
    expect(ownerMark(dut.pid)).toBe(`HIL_OWNER=${basename(dut.dir)}`);
    // What the certification summary shows: the versions the twin's firmware runs, never a placeholder.
    expect(dut.versions).toEqual({ software: expect.stringMatching(/^\d+\.\d+\.\d+-\d+$/), signatures: expect.stringMatching(/^\d+\.\d+\.\d+-\d+$/) });
    expect(Number(dut.serial)).toBeGreaterThan(29_000);
    // As the twin describes itself: its floors make checks and messages run at more than its time scale.
    expect(dut.scales.other).toBe(0.05);
    expect(dut.scales.check).toBeGreaterThan(0.05);
    const con = await Console.open({ name: dut.name, path: dut.console, profile: twinProfile });
    cleanups.push(() => con.close());
    await con.press("ENTER");
    // No namespace, so no carrier: the boot's check reads "LAN has no IPv4 address" (fixtures/manual reportedCondition).
    await con.waitFor("LAN has no IPv4 address", { deadline: Deadline.in(20_000, "home") });
    await dut.power.cut();
    await con.waitFor((l) => l.text === "", { deadline: Deadline.in(5_000, "dark") });
    expect((await dut.status()).power).toBe("off");
    await dut.power.on();
    await con.waitFor({ text: "Welcome to Qualys" }, { deadline: Deadline.in(5_000, "boot") });
    await dut.power.off();
    await con.waitFor({ text: "It's now safe to unplug the box" }, { deadline: Deadline.in(5_000, "shutdown") });
    await con.waitFor((l) => l.text === "", { deadline: Deadline.in(5_000, "dark") });
    const pid = dut.pid;
    await dut.dispose();
    expect(alive(pid)).toBe(false);
    expect(existsSync(dut.dir)).toBe(false);
  });

  it("refuses bad options before starting anything, naming the field, expected and found", async () => {
    await expect(TwinDut.start({ name: "bad", timeScale: -1 })).rejects.toThrow("Invalid TwinDut.start options at timeScale: expected number to be >0, found -1");
  });

  it("fails with the twin's own words when it cannot start", async () => {
    await expect(TwinDut.start({ name: "bad", defects: ["no-such-defect"] })).rejects.toThrow(/DUT bad: the twin did not start: .*exited with 2[\s\S]*expected --defect to be one of/);
  });

  it("runs inside the lab's dut namespace and sees the lab's link (no DHCP: LAN has no IPv4 address)", async () => {
    const lab = await Lab.up("standard", { services: false });
    cleanups.push(() => lab.down());
    const dut = await TwinDut.start({ name: "inlab" }, lab);
    cleanups.push(() => dut.dispose());
    const ns = (await run("ip", ["netns", "identify", String(dut.pid)])).stdout.trim();
    expect(ns).toBe(lab.ns("dut"));
    expect(ownerMark(dut.pid)).toBe(`HIL_OWNER=${lab.prefix}`);
    const con = await Console.open({ name: dut.name, path: dut.console, profile: twinProfile });
    cleanups.push(() => con.close());
    await con.press("ENTER");
    await con.waitFor("LAN has no IPv4 address", { deadline: Deadline.in(20_000, "home") });
  });
});
