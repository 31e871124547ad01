// Power: SYSTEM SHUTDOWN and its messages, a power cut (process killed) then a start with the filesystem
// check and an unclean boot recorded, the control socket's power commands; input: a flood loses characters,
// paced keys at the real line rate never do.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mainMenu } from "../fixtures/manual/index.ts";
import { ConsoleClient } from "./testing/client.ts";
import { Deadline, pollUntil } from "../netns/util/deadline.ts";
import { TwinProcess } from "./testing/twin-process.ts";
import { downTo, home, session, text, type Session } from "./testing/session.ts";

const boots = (t: Session) => readFileSync(join(t.twin.state, "boots.log"), "utf8").trim().split("\n");

describe("power and input", { timeout: 180_000 }, () => {
  let t: Session | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("SYSTEM SHUTDOWN: Up cancels; ENTER shows \"It's now safe to unplug the box\", then the screen goes dark", async () => {
    t = await session();
    const { c } = t;
    await c.press("enter");
    await downTo(c, "SYSTEM SHUTDOWN");
    expect(text(await c.press("enter"))).toBe("REALLY SHUTDOWN SYSTEM?");
    expect(text(await c.press("up"))).toBe("SYSTEM SHUTDOWN");
    await c.press("enter");
    await c.press("enter");
    await c.waitFor((s) => text(s) === "It's now safe to unplug the box", "unplug message");
    const dark = await c.waitFor((s) => s.rows.every((r) => r.trim() === ""), "dark screen");
    expect(dark.cursor.visible).toBe(false);
    expect(JSON.parse(await t.twin.control_("status")).power).toBe("off");
    // The power button brings it back; the last shutdown was clean.
    expect(await t.twin.control_("power on")).toBe("ok");
    await home(c);
    expect(boots(t).at(-1)).toMatch(/ boot clean$/);
  });

  it("a power cut (process killed) is followed by a boot with the filesystem check, recorded as unclean", async () => {
    t = await session();
    const dir = t.twin.dir;
    await t.c.close();
    await t.twin.stop("SIGKILL");
    // Time scale 0.1: the boot lasts long enough for a new client to attach before the filesystem check.
    const twin = await TwinProcess.start(["--time-scale", "0.1", "--no-pace"], dir);
    const lcds = new Set<string>();
    // Watch the LCD through the control socket from the start (no wait for a terminal to attach).
    await pollUntil(async () => {
      const lcd = (JSON.parse(await twin.control_("status")).lcd as string[]).map((l) => l.trim()).join(" ").trim();
      lcds.add(lcd);
      return /no IPv4 address/.test(lcd) ? true : undefined;
    }, Deadline.in(60_000, "home after the power cut"), { steps: [20] });
    expect(lcds).toContain("Filesystem check in progress...");
    const c = await ConsoleClient.open(twin.console);
    t = { twin, c, close: async () => (await c.close(), await twin.dispose()) };
    expect(boots(t).at(-1)).toMatch(/ boot unclean$/);
  });

  it("power off|on|cut over the control socket keep the PTY attached", async () => {
    t = await session();
    expect(await t.twin.control_("power cut")).toBe("ok");
    await t.c.waitFor((s) => s.rows.every((r) => r.trim() === ""), "dark after cut");
    expect(await t.twin.control_("power on")).toBe("ok");
    await home(t.c);
    expect(await t.twin.control_("power sideways")).toMatch(/^error: expected 'power off'/);
  });

  it("fault silent: the firmware hangs (no output, keys and the power button ignored) until a power cut; the boot after it answers", async () => {
    t = await session();
    expect(JSON.parse(await t.twin.control_("status")).fault).toBeNull();
    expect(await t.twin.control_("fault silent")).toBe("ok");
    expect(JSON.parse(await t.twin.control_("status")).fault).toBe("silent");
    const before = JSON.stringify((await t.c.screen()).lcd);
    await expect(t.c.press("down", 1_500)).rejects.toThrow(/screen change after "down"/);
    expect(await t.twin.control_("power off")).toBe("ok"); // the power button: a hung firmware does not shut down
    expect(JSON.parse(await t.twin.control_("status")).power).toBe("on");
    expect(JSON.stringify((await t.c.screen()).lcd)).toBe(before);
    expect(await t.twin.control_("power cut")).toBe("ok");
    await t.c.waitFor((s) => s.rows.every((r) => r.trim() === ""), "dark after the cut");
    expect(await t.twin.control_("power on")).toBe("ok");
    await home(t.c);
    expect(JSON.parse(await t.twin.control_("status")).fault).toBeNull();
    expect(await t.twin.control_("power cut")).toBe("ok");
    expect(await t.twin.control_("fault silent")).toBe("error: the box is off (nothing to hang)");
  });

  it("a flood of keys (a keystroke file) loses characters", async () => {
    t = await session();
    await t.c.press("enter");
    await t.c.write("\x1b[B".repeat(40));
    // The bytes reach the twin a moment after the write returns: poll its counter.
    const lost = await pollUntil(async () => {
      const n = JSON.parse(await t!.twin.control_("status")).lostBytes as number;
      return n > 0 ? n : undefined;
    }, Deadline.in(10_000, "lost input bytes"));
    expect(lost).toBeGreaterThan(0);
  });

  it("keys sent one at a time at 9600 baud (paced output) are never lost", async () => {
    // Boot fast, but pace the console line at the real 9600 baud 8N2.
    t = await session(["--line-scale", "1"], { pace: true });
    await t.c.press("enter");
    const n = mainMenu.length;
    for (let i = 1; i <= 2 * n + 1; i++) {
      const label = mainMenu[i % n]!.label;
      await t.c.press("down");
      // A paced redraw trickles in at a byte per 1.15 ms; on a loaded machine the twin's pacing can pause longer
      // than press()'s quiet window, so wait for the whole label (a lost or doubled key never shows it).
      const s = await t.c.waitFor((x) => text(x) === label, `${label} after down #${i}`);
      expect(text(s)).toBe(label);
    }
    expect(JSON.parse(await t.twin.control_("status")).lostBytes).toBe(0);
  });
});
