import { afterEach, describe, expect, it } from "vitest";
import { Deadline } from "../../netns/util/deadline.ts";
import { Console } from "./console.ts";
import { ConsoleTimeoutError, LinkDeadError, LostKeyError, SerialOpenError, UnexpectedChangeError } from "./errors.ts";
import type { ConsoleOpenInput } from "./options.ts";
import { twinProfile } from "./profiles/twin.ts";
import { TinyDevice, type DeviceOptions } from "./testkit/device.ts";
import { PtyPair } from "./testkit/pty.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(device: DeviceOptions = {}, extra: Partial<ConsoleOpenInput> = {}) {
  const pty = await PtyPair.start();
  cleanups.push(() => pty.stop());
  const con = await Console.open({ name: "tiny-1", path: pty.dev, profile: twinProfile, ...extra });
  cleanups.push(() => con.close());
  const dev = await TinyDevice.attach(pty.peer, device);
  cleanups.push(() => dev.close());
  if (!device.asleep) await con.waitFor("SETUP NETWORK", { deadline: Deadline.in(3000) });
  return { pty, dev, con };
}

describe("Console", () => {
  it("reads the first screen: LCD, indicators, LEDs, MAC", async () => {
    const { con } = await rig();
    expect(con.lcd()).toMatchObject({
      text: "SETUP NETWORK",
      nav: { enter: true, left: false, right: true, up: false, down: true },
      leds: { s1: true, s2: false, s3: false },
      mac: "00:50:56:AB:CD:EF",
      cursor: null,
      blank: false,
    });
  });

  it("wakes a device that draws nothing until ENTER", async () => {
    const { con } = await rig({ asleep: true });
    expect(con.lcd().blank).toBe(true);
    const lcd = await con.press("ENTER");
    expect(lcd.text).toBe("SETUP NETWORK");
  });

  it("wake() presses ENTER once on a blank screen, and does nothing on a drawn one", async () => {
    const { con, dev } = await rig({ asleep: true });
    expect((await con.wake()).text).toBe("SETUP NETWORK");
    expect((await con.wake()).text).toBe("SETUP NETWORK");
    expect(dev.seen.map((s) => s.key)).toEqual(["ENTER"]);
  });

  it("parses cursor addressing, clears and reverse video arriving over the wire", async () => {
    const { con, dev } = await rig();
    expect(con.snapshot().reverse).toContainEqual({ row: 0, col: 0, length: 19 }); // the title
    await dev.send("\x1b[15;10Hone two\x1b[15;14H\x1b[K\x1b[16;2H\x1b[7mREV\x1b[0m");
    await con.waitFor(() => con.snapshot().rows[15]!.includes("REV"));
    const snap = con.snapshot();
    expect(snap.rows[14]!.trimEnd()).toBe("         one");
    expect(snap.reverse).toContainEqual({ row: 15, col: 1, length: 3 });
    expect(snap.cursor).toMatchObject({ row: 15, col: 4 });
    await dev.send("\x1b[2J");
    expect((await con.waitFor((l) => l.blank)).text).toBe("");
  });

  it("paces keys: never sends a key before the previous key's redraw has finished", async () => {
    const { con, dev } = await rig({ delayMs: 15 });
    for (const k of ["DOWN", "DOWN", "UP", "DOWN", "DOWN"] as const) await con.press(k);
    expect(con.lcd().text).toBe("EXIT THIS MENU");
    expect(dev.seen.map((s) => s.key)).toEqual(["DOWN", "DOWN", "UP", "DOWN", "DOWN"]);
    expect(dev.seen.filter((s) => s.whileBusy)).toEqual([]);
    // each key after the first arrived after the previous redraw's last byte
    for (let i = 1; i < dev.seen.length; i++) expect(dev.seen[i]!.at).toBeGreaterThanOrEqual(dev.redrawDone[i]!);
    expect(con.stats().overheadMs.count).toBe(4);
  });

  it("waits for a redraw split into pieces until the line is quiet for the settle window", async () => {
    // gaps of ~3 ms inside each redraw; a generous settle window keeps the test independent of machine load
    const { con, dev } = await rig({ chunks: 4, gapMs: 3 }, { settleMs: 300 });
    for (const k of ["DOWN", "DOWN", "UP"] as const) await con.press(k);
    expect(con.lcd()).toMatchObject({ text: "EDIT NAME", nav: { up: true, down: true } });
    expect(dev.seen.filter((s) => s.whileBusy)).toEqual([]);
    for (let i = 1; i < dev.seen.length; i++) expect(dev.seen[i]!.at).toBeGreaterThanOrEqual(dev.redrawDone[i]!);
  });

  it("accepts a predicate as the expected effect", async () => {
    const { con } = await rig();
    const lcd = await con.press("DOWN", { expect: (l) => l.text === "EDIT NAME" });
    expect(lcd.nav.up).toBe(true);
    // a predicate already true before the key confirms nothing: the key's own change is still required
    const err = await con.press("LEFT", { expect: (l) => l.nav.enter, deadline: Deadline.in(300) }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(LostKeyError);
  });

  it("checks that a key changes nothing when told so, and fails when it does", async () => {
    // a wide latency allowance: the "nothing changed" window must outlast the device's answer even on a loaded machine
    const { con } = await rig({}, { profile: { ...twinProfile, redraw: { ...twinProfile.redraw, latencyMs: 1000 } } });
    await expect(con.press("UP", { expect: "none" })).resolves.toMatchObject({ text: "SETUP NETWORK" });
    const err = await con.press("DOWN", { expect: "none" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnexpectedChangeError);
    expect((err as Error).message).toContain("tiny-1: key DOWN was expected to change nothing, but the screen changed");
  });

  it("detects a lost key, with screens before/after and the call log", async () => {
    const { con } = await rig({ dropKeys: [1] });
    await con.press("DOWN");
    const err = await con.press("DOWN", { deadline: Deadline.in(300) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LostKeyError);
    const lost = err as LostKeyError;
    expect(lost.before.text).toBe("EDIT NAME");
    expect(lost.after.text).toBe("EDIT NAME");
    expect(lost.log.filter((e) => e.kind === "key").map((e) => (e.kind === "key" ? e.key : ""))).toEqual(["DOWN", "DOWN"]);
    expect(lost.message).toMatch(/^tiny-1: key DOWN had no effect within \d+ ms \(awaited a screen change\)\n {2}before: \[EDIT NAME/);
    const unavailable = await con.press("LEFT", { deadline: Deadline.in(200) }).then(() => new Error("resolved"), (e: unknown) => e as Error);
    expect(unavailable.message).toMatch(/^tiny-1: key LEFT had no effect within \d+ ms \(awaited a screen change\); the indicators showed LEFT as not available on that screen\n/);
  });

  it("re-reads and re-sends a lost key with the opt-in resync policy", async () => {
    const { con, dev } = await rig({ dropKeys: [0] });
    const lcd = await con.press("DOWN", { resync: true, deadline: Deadline.in(1000) });
    expect(lcd.text).toBe("EDIT NAME");
    expect(dev.seen.map((s) => s.key)).toEqual(["DOWN", "DOWN"]);
    expect(con.callLog().some((e) => e.kind === "note" && e.note.startsWith("resync: DOWN showed no effect"))).toBe(true);
  });

  it("types into a field one confirmed character at a time, with the cursor in the LCD", async () => {
    const { con, dev } = await rig();
    await con.press("DOWN");
    const field = await con.press("ENTER");
    expect(field.cursor).toEqual({ line: 1, col: 0 });
    const lcd = await con.type("ab_9");
    expect(lcd.lines[1]).toBe("ab_9".padEnd(20));
    expect(lcd.cursor).toEqual({ line: 1, col: 4 });
    expect(dev.seen.filter((s) => s.whileBusy)).toEqual([]);
  });

  it("waits for a manual message, and times out with device, awaited, last LCD, time and call log", async () => {
    const { con } = await rig();
    await con.press("DOWN");
    await expect(con.waitFor({ text: "EDIT   NAME" })).resolves.toMatchObject({ text: "EDIT NAME" });
    await expect(con.waitFor(/^EDIT/)).resolves.toBeTruthy();
    const err = await con.waitFor({ text: "Welcome to Qualys" }, { deadline: Deadline.in(200) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConsoleTimeoutError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^tiny-1: timed out after \d+ ms waiting for the message "Welcome to Qualys"\n {2}last LCD: \[EDIT NAME/);
    expect(msg).toContain("key    DOWN");
    expect(msg).toContain("screen [EDIT NAME");
  });

  it("fails pending and later operations with LinkDeadError when the link dies", async () => {
    const { con, pty } = await rig();
    const pending = con.waitFor("NEVER", { deadline: Deadline.in(5000) }).catch((e: unknown) => e);
    await pty.kill();
    expect(await pending).toBeInstanceOf(LinkDeadError);
    await expect(con.press("DOWN")).rejects.toBeInstanceOf(LinkDeadError);
  });

  it("declares the link dead after the configured quiet time", async () => {
    const { con } = await rig({ asleep: true }, { serial: { quietMs: 150 } });
    const err = await con.waitFor("NEVER", { deadline: Deadline.in(5000) }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(LinkDeadError);
    expect((err as LinkDeadError).reason).toBe("quiet");
  });

  it("refuses a second console on a locked port", async () => {
    const { pty } = await rig();
    await expect(Console.open({ name: "tiny-2", path: pty.dev, profile: twinProfile })).rejects.toBeInstanceOf(SerialOpenError);
  });

  it("validates its options, naming the option", async () => {
    await expect(Console.open({ name: "x", path: "/dev/null", profile: twinProfile, bogus: 1 } as unknown as ConsoleOpenInput)).rejects.toThrow('Invalid Console.open options at (root): expected no key "bogus", found "bogus"');
    await expect(Console.open({ name: "x", path: "/dev/null", profile: { ...twinProfile, cols: "80" } } as unknown as ConsoleOpenInput)).rejects.toThrow('Invalid Console.open options at profile.cols: expected number, found "80"');
  });
});
