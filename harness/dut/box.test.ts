// The twin as an independent box, end to end with real parts: its namespace and veth ports, its tty opened by the
// harness Console, power by the inventory's command lines, the link partner read from the cable's far end, and nothing
// left behind after `stop` or, once its process is SIGKILLed, after a sweep.
import { existsSync } from "node:fs";
import { lstat, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { Console, twinProfile } from "../console/index.ts";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { newPrefix, runDir } from "../../netns/util/owner.ts";
import { run } from "../../netns/util/sh.ts";
import { sweep } from "../../netns/lab/sweep.ts";
import { sameProcess } from "../../netns/lab/proc.ts";
import { boxMac, checkBoxName, findBox, hostNic, listBoxes, startBox, stopBox, type BoxInfo } from "./box.ts";
import { inventoryEntry, writeInventoryEntry } from "./box-inventory.ts";
import { HardwareDut } from "./hardware.ts";
import { applianceNamed, parseInventory } from "./inventory.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** A box name unique to this run (its NIC names stay within 15 characters). */
const boxName = () => `t${newPrefix().slice(3)}`;
const sh = (line: string) => run("sh", ["-c", line], { allowFailure: true, timeoutMs: 20_000 });
const linkExists = async (ns: string | null, dev: string) => (await run("ip", [...(ns ? ["-n", ns] : []), "link", "show", "dev", dev], { allowFailure: true })).exitCode === 0;
const nsExists = (ns: string) => existsSync(`/run/netns/${ns}`);
const carrier = async (dev: string) => (await readFile(`/sys/class/net/${dev}/carrier`, "utf8").catch(() => "")).trim() === "1";

/** Everything the box made is gone: process, namespace, host NICs, tty link, run directory. */
async function expectGone(box: BoxInfo, pid = box.pid): Promise<void> {
  // Deleting a namespace frees its veths asynchronously: poll for the host ends (they go within milliseconds).
  await pollUntil(async () => (!(await linkExists(null, box.lan)) && !(await linkExists(null, box.wan)) ? true : undefined), Deadline.in(10_000, `host NICs ${box.lan}, ${box.wan} gone`));
  expect(nsExists(box.ns)).toBe(false);
  expect(await lstat(box.tty).then(() => "still there", () => "gone")).toBe("gone"); // also no dangling link
  expect(existsSync(runDir(box.prefix))).toBe(false);
  expect(await sameProcess({ pid, startTime: "" }).catch(() => false)).toBe(false);
  expect(() => process.kill(pid, 0)).toThrow();
  expect((await listBoxes()).map((b) => b.name)).not.toContain(box.name);
}

describe("twin as hardware", () => {
  it("starts powered off with its ports as host NICs; boots on the inventory's power-on command; stop leaves nothing", async () => {
    const box = await startBox({ name: boxName(), timeScale: 0.05 });
    cleanups.push(() => stopBox(box.name));
    // The host ends are NIC-like: in the host namespace, down, no addresses; the box ends are lan0/wan0 in its namespace.
    for (const nic of [box.lan, box.wan]) {
      const r = await run("ip", ["-o", "addr", "show", "dev", nic]);
      expect(r.stdout).toBe("");
      expect((await run("ip", ["-o", "link", "show", "dev", nic])).stdout).not.toMatch(/<[^>]*\bUP\b/);
      expect(nic.length).toBeLessThanOrEqual(15);
    }
    expect(await linkExists(box.ns, "lan0")).toBe(true);
    expect(await linkExists(box.ns, "wan0")).toBe(true);
    expect(box.description.console).toEqual({ profile: "twin", baud: 9600, dataBits: 8, parity: "none", stopBits: 2 });
    expect((await findBox(box.name)).pid).toBe(box.pid);

    const entry = inventoryEntry(box) as { tty: string; power: { command: { on: string; off: string } } };
    expect(entry.tty).toBe(box.tty);
    const con = await Console.open({ name: box.name, path: entry.tty, profile: twinProfile });
    cleanups.push(() => con.close());
    const on = await sh(entry.power.command.on);
    expect(on.exitCode, on.stderr).toBe(0);
    // The first ENTER brings the console up (while the box was off there was nothing to show).
    const first = await con.wake({ deadline: Deadline.in(5_000, "the first ENTER after power-on") });
    expect(["Welcome to Qualys", "Qualys Scanner is starting up..."]).toContain(first.text);
    await con.waitFor({ text: "Filesystem check in progress..." }, { deadline: Deadline.in(10_000, "the third boot line") });
    await con.waitFor({ text: "Qualys Scanner is coming up..." }, { deadline: Deadline.in(10_000, "the last boot line") });
    // Its LAN cable is unplugged (the host end is down): the boot's check reads "LAN has no IPv4 address" (the
    // manual's first fix for it: "Check that the LAN cable/port is connected"; fixtures/manual reportedCondition).
    await con.waitFor("LAN has no IPv4 address", { deadline: Deadline.in(box.description.timings.bootMs + box.description.timings.checkMs + 10_000, "the check's outcome") });
    const off = await sh(entry.power.command.off);
    expect(off.exitCode, off.stderr).toBe(0);
    await con.waitFor((l) => l.text === "", { deadline: Deadline.in(5_000, "dark after the PDU's off (a cut)") });
    await con.close();

    await stopBox(box.name);
    await expectGone(box);
  }, 90_000);

  it("is driven by the harness's hardware backend from its inventory entry: tty and power commands", async () => {
    const box = await startBox({ name: boxName(), timeScale: 0.05 });
    cleanups.push(() => stopBox(box.name));
    const dir = await mkdtemp(join(tmpdir(), "hil-box-hw-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, "lab.yaml");
    await writeFile(file, stringify({ version: 1, appliances: [inventoryEntry(box)] }));
    const dut = await HardwareDut.attach(file, box.name, undefined, dir);
    cleanups.push(() => dut.dispose());
    expect([dut.kind, dut.console, dut.serial]).toEqual(["hardware", box.tty, box.description.serial]);
    expect(dut.profile.name).toBe(twinProfile.name);
    const con = await Console.open({ name: box.name, path: dut.console, profile: dut.profile });
    cleanups.push(() => con.close());
    await dut.power.on();
    await con.wake({ deadline: Deadline.in(5_000, "the first ENTER after power-on") });
    await con.waitFor({ text: "Qualys Scanner is coming up..." }, { deadline: Deadline.in(box.description.timings.bootMs + 10_000, "the last boot line") });
    await dut.power.cut();
    await con.waitFor((l) => l.text === "", { deadline: Deadline.in(5_000, "dark after the cut") });
    await con.close();
    await stopBox(box.name);
    await expectGone(box);
  }, 90_000);

  it("a box process that ends before it is ready fails the start at once with the box's own words, leaving nothing", async () => {
    const name = boxName();
    // The twin refuses the model (exit 2) before it makes its console: the start must not wait out its 30 s.
    const started = startBox({ name, timeScale: 0.05, model: "v9" as "current", startMs: 30_000 });
    await expect(started).rejects.toThrow(new RegExp(`^Box ${name} did not start: the box process \\d+ exited\nbox output:\n[^]*--model`));
    expect((await listBoxes()).map((b) => b.name)).not.toContain(name);
    expect(await linkExists(null, hostNic(name, "lan"))).toBe(false);
  }, 60_000);

  it("after SIGKILL of the box's process group, a plain sweep removes everything by the box's own record", async () => {
    const box = await startBox({ name: boxName(), timeScale: 0.05 });
    cleanups.push(() => stopBox(box.name));
    // The whole group (the twin and its cable helper): nothing of the box cleans up after itself, not even the tty link.
    process.kill(-box.pid, "SIGKILL");
    await pollUntil(() => { try { process.kill(box.pid, 0); return undefined; } catch { return true; } }, Deadline.in(5_000, "the box process gone"));
    expect((await listBoxes()).find((b) => b.name === box.name)?.alive).toBe(false);
    expect((await lstat(box.tty)).isSymbolicLink()).toBe(true);
    const result = await sweep();
    expect(result.removed.map((r) => r.prefix)).toContain(box.prefix);
    await expectGone(box);
  }, 60_000);

  it("learns its link partner from the far end of its cable: a forced, mismatching partner takes the carrier away, clearing it brings it back", async () => {
    const box = await startBox({ name: boxName(), timeScale: 0.01 });
    cleanups.push(() => stopBox(box.name));
    const entry = inventoryEntry(box) as { power: { command: { on: string } } };
    expect((await sh(entry.power.command.on)).exitCode).toBe(0);
    // Plug the LAN cable in: the lab end (the host NIC) comes up; the box raised lan0 at boot.
    await run("ip", ["link", "set", "dev", box.lan, "up"]);
    const want = (up: boolean, what: string) => pollUntil(async () => ((await carrier(box.lan)) === up ? true : undefined), Deadline.in(10_000, what));
    await want(true, `carrier on ${box.lan} with an auto-negotiating partner`);
    await run("ip", ["link", "set", "dev", box.lan, "alias", "hil-link-partner=10baseT/Half"]);
    const t0 = performance.now();
    await want(false, `no carrier on ${box.lan} once the partner is forced to 10baseT/Half against the box's AUTO`);
    const reactedMs = performance.now() - t0;
    await run("ip", ["link", "set", "dev", box.lan, "alias", ""]);
    await want(true, `carrier back on ${box.lan} once the partner auto-negotiates again`);
    expect(reactedMs).toBeLessThan(3_000);
    await stopBox(box.name);
  }, 60_000);
});

describe("names", () => {
  it("host NICs are hb-NAME-lan/-wan, or a prefix of NAME and a hash of all of it when that exceeds 15 characters", () => {
    expect(hostNic("b1", "lan")).toBe("hb-b1-lan");
    expect(hostNic("rack3-box1", "wan")).toMatch(/^hb-rack[0-9a-f]{4}-wan$/);
    const a = hostNic("rack3-appliance-a", "lan");
    const b = hostNic("rack3-appliance-b", "lan");
    expect(a).toMatch(/^hb-rack[0-9a-f]{4}-lan$/);
    expect(a.length).toBeLessThanOrEqual(15);
    expect(a).not.toBe(b);
    expect(hostNic("abcdefgh", "lan")).toBe("hb-abcdefgh-lan");
    expect(hostNic("abcdefghi", "lan")).toMatch(/^hb-abcd[0-9a-f]{4}-lan$/);
  });

  it("MACs are stable per name and port, locally administered", () => {
    expect(boxMac("b1", "lan")).toBe(boxMac("b1", "lan"));
    expect(boxMac("b1", "lan")).not.toBe(boxMac("b1", "wan"));
    expect(boxMac("b1", "lan")).toMatch(/^02:51(:[0-9a-f]{2}){4}$/);
  });

  it("a bad name is refused with what was expected", () => {
    expect(() => checkBoxName("Bad Name")).toThrow('hil twin --as-hardware: expected NAME to be 1-32 of a-z, 0-9, \'_\', \'-\' (starting with a letter or digit), got "Bad Name"');
  });
});

describe("inventory entry", () => {
  const box: BoxInfo = {
    name: "b1", prefix: "hil00000", ns: "hil00000-box", tty: "/dev/hilbox-b1", lan: "hb-b1-lan", wan: "hb-b1-wan", control: "/run/hil/hil00000/control.sock", pid: 1,
    startedAt: "2026-01-01T00:00:00.000Z",
    description: { model: "current", serial: "40001", mac: "02:51:00:00:00:01", timeScale: 0.01, console: { profile: "twin", baud: 9600, dataBits: 8, parity: "none", stopBits: 2 }, timings: { bootMs: 1750, messageMs: 400, checkMs: 6600, keyMs: 1 }, scales: { boot: 0.0125, check: 0.1065, message: 0.2 }, sources: {} },
  };

  it("creates the file with version 1, replaces the entry of the same name, keeps the others", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hil-box-inv-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, "lab.yaml");
    await writeInventoryEntry(file, box);
    expect(parse(await readFile(file, "utf8"))).toEqual({ version: 1, appliances: [inventoryEntry(box)] });
    const other = { ...box, name: "b2", tty: "/dev/hilbox-b2" };
    await writeInventoryEntry(file, other);
    await writeInventoryEntry(file, { ...box, description: { ...box.description, serial: "40002" } });
    const data = parse(await readFile(file, "utf8")) as { appliances: { name: string; serial: string }[] };
    expect(data.appliances.map((a) => [a.name, a.serial])).toEqual([["b1", "40002"], ["b2", "40001"]]);
    const entry = data.appliances[0] as unknown as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual(["name", "tty", "lan", "wan", "model", "serial", "power", "console", "timings"]); // no platform: this box was given no CA
    expect(entry.power).toEqual({ command: { on: expect.stringMatching(/box-power\.py \/run\/hil\/hil00000\/control\.sock on$/), off: expect.stringMatching(/control\.sock off$/), cut: expect.stringMatching(/control\.sock cut$/) } });
    // What the box writes is what the inventory schema takes (console line, timings with the box's time scale).
    const loaded = applianceNamed(parseInventory(parse(await readFile(file, "utf8")), file), "b1");
    expect(loaded.profile.line).toEqual({ baudRate: 9600, dataBits: 8, parity: "none", stopBits: 2 });
    expect(loaded.timeScale).toBe(0.01);
    expect(loaded.scales).toEqual({ boot: 0.0125, check: 0.1065, message: 0.2, other: 0.01 });
  });
});
