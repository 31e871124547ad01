// Calibration against real PTYs: a scripted panel drawn at a layout unlike the twin's (the calibrated profile must let
// the harness Console read it), and the twin itself (the calibrated cells must be the twin profile's).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { main as cli } from "../cli/commands/console.ts";
import { calibrate, CalibrationError } from "./calibrate.ts";
import { Console } from "./console.ts";
import { profileYaml, writeProfileIntoInventory } from "./profile-yaml.ts";
import { defineProfile } from "./profile.ts";
import { twinProfile } from "./profiles/twin.ts";
import { OTHER_LAYOUT, Panel, type PanelLayout } from "./testkit/panel.ts";
import { PtyPair } from "./testkit/pty.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function panel(layout: PanelLayout): Promise<{ pty: PtyPair; panel: Panel }> {
  const pty = await PtyPair.start();
  cleanup.push(() => pty.stop());
  const p = await Panel.attach(pty.peer, layout);
  cleanup.push(() => p.close());
  return { pty, panel: p };
}

describe("calibration of a console laid out unlike the twin", () => {
  it("finds the LCD lines, indicators (their order and off mark), LEDs and MAC label, and the Console reads the panel with it", async () => {
    const { pty, panel: p } = await panel(OTHER_LAYOUT);
    const result = await calibrate({ path: pty.dev, name: "other", deadline: Deadline.in(30_000, "calibration") });
    expect(result.profile).toMatchObject({
      name: "other",
      cols: 80,
      rows: 24,
      lcd: { lines: [{ row: 12, col: 30 }, { row: 13, col: 30 }], width: 20 },
      nav: { row: 2, col: 70, order: "^vE<>", off: "-" },
      leds: { s1: { row: 20, col: 13 }, s2: { row: 20, col: 20 }, s3: { row: 20, col: 27 }, lit: "#" },
      mac: { row: 22, col: 41, prefix: "HWADDR=" },
      line: { baudRate: 9600, dataBits: 8, parity: "none", stopBits: 2 },
    });
    expect(result.notes).toEqual(["Navigation indicators: < > never lit on these screens; their slots assumed in the manual's order (ENTER, LEFT, RIGHT, UP, DOWN)"]);
    expect(p.state).toBe("home"); // left the menu as it found it
    p.newConnection();

    // The harness Console, given the calibrated profile, reads this panel correctly.
    await using con = await Console.open({ name: "other", path: pty.dev, profile: result.profile, keyTimeoutMs: 3000 });
    const home = await con.press("ENTER", { expect: (l) => l.text === "is_qa_lab 10.77.1.100" });
    expect(home.leds).toEqual({ s1: true, s2: false, s3: false });
    expect(home.mac).toBe("0c:c4:7a:12:34:56");
    const menu = await con.press("ENTER", { expect: (l) => l.text === "SETUP NETWORK" });
    expect(menu.nav).toEqual({ enter: true, left: false, right: false, up: false, down: true });
    expect(menu.leds.s1).toBe(false);
    const next = await con.press("DOWN");
    expect(next.text).toBe("SYSTEM REBOOT");
    expect(next.nav).toEqual({ enter: true, left: false, right: false, up: true, down: true });
    // The twin's profile cannot read this panel: the test would fail with the wrong profile.
    await con.close();
    await using wrong = await Console.open({ name: "other-as-twin", path: pty.dev, profile: twinProfile, keyTimeoutMs: 3000 });
    const seen = await wrong.press("UP");
    expect(seen.text).not.toContain("SETUP NETWORK");
    expect(seen.mac).toBeNull();
  });

  it("starts from the main menu too, and with no border and a gap row assumes the width and says so", async () => {
    const layout: PanelLayout = { ...OTHER_LAYOUT, lcd: { row: 5, col: 3, width: 20, border: " ", gap: 2 }, nav: { row: 5, col: 60, order: "E<>^v", off: "." }, leds: { ...OTHER_LAYOUT.leds, litOnHome: 0 } };
    const { pty, panel: p } = await panel(layout);
    {
      await using con = await Console.open({ name: "gap", path: pty.dev, profile: twinProfile, keyTimeoutMs: 3000 });
      await con.press("ENTER"); // wake: home
      await con.press("ENTER"); // main menu
      await con.press("DOWN");
    }
    expect(p.state).toBe("SYSTEM REBOOT");
    p.newConnection();
    const result = await calibrate({ path: pty.dev, name: "gap", deadline: Deadline.in(30_000, "calibration") });
    expect(result.profile.lcd).toEqual({ lines: [{ row: 5, col: 3 }, { row: 7, col: 3 }], width: 20 });
    expect(result.profile.nav).toEqual({ row: 5, col: 60, order: "E<>^v", off: "." });
    expect(result.profile.leds.lit).toBe("*");
    expect(result.notes).toContain("LCD width: no border drawn after the LCD text; assumed 20 characters (give --width to change)");
    expect(result.notes).toContain('LEDs: none was lit on these screens; a lit LED assumed to show "*" (give --led-lit to change)');
    expect(p.state).toBe("home");
  });

  it("a console that stays blank fails naming the path and the line settings", async () => {
    const pty = await PtyPair.start();
    cleanup.push(() => pty.stop());
    await expect(calibrate({ path: pty.dev, quietMs: 50, wakeMs: 500, deadline: Deadline.in(20_000) })).rejects.toThrow(
      new CalibrationError(`Calibration on ${pty.dev}: the console shows nothing after ENTER; is the appliance powered on, and is this its console (9600 8N2)?`),
    );
  });

  it("writes the profile into the inventory entry, keeping the rest of the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hil-calibrate-"));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, "lab.yaml");
    const original = `# lab 3 inventory\nversion: 1\nappliances:\n  - name: lab3-a   # bench left\n    tty: /dev/ttyUSB0\n    lan: enp3s0\n    model: current\n    serial: QSA-1\n    power: none\n  - name: lab3-b\n    tty: /dev/ttyUSB1\n    lan: enp4s0\n    model: legacy\n    serial: QSA-2\n    power: none\n`;
    await writeFile(file, original);
    await writeProfileIntoInventory(file, "lab3-b", twinProfile);
    const text = await readFile(file, "utf8");
    expect(text.startsWith("# lab 3 inventory\nversion: 1\nappliances:\n  - name: lab3-a # bench left\n    tty: /dev/ttyUSB0\n")).toBe(true);
    const data = parse(text) as { appliances: Record<string, unknown>[] };
    expect(data.appliances[0]).not.toHaveProperty("console");
    expect(defineProfile((data.appliances[1]!.console as { profile: unknown }).profile)).toEqual(twinProfile);
    expect(data.appliances[1]).toMatchObject({ tty: "/dev/ttyUSB1", serial: "QSA-2" });
    await expect(writeProfileIntoInventory(file, "lab9", twinProfile)).rejects.toThrow(`Inventory ${file}: no appliance named "lab9" (appliances: lab3-a, lab3-b)`);
    expect(defineProfile(parse(profileYaml(twinProfile, ["calibrated"])))).toEqual(twinProfile);
  });

  it("hil console calibrate --inventory FILE --name NAME writes the calibrated profile into that entry", async () => {
    const { pty } = await panel(OTHER_LAYOUT);
    const dir = await mkdtemp(join(tmpdir(), "hil-calibrate-cli-"));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, "lab.yaml");
    await writeFile(file, "version: 1\nappliances:\n  - name: bench\n    tty: /dev/ttyUSB0\n    lan: enp3s0\n    model: current\n    serial: QSA-9\n    power: none\n");
    expect(await cli(["calibrate", "--tty", pty.dev, "--inventory", file, "--name", "bench", "--timeout", "30"])).toBe(0);
    const written = parse(await readFile(file, "utf8")) as { appliances: { console: { profile: unknown } }[] };
    const profile = defineProfile(written.appliances[0]!.console.profile);
    expect(profile).toMatchObject({ name: "bench", lcd: { lines: [{ row: 12, col: 30 }, { row: 13, col: 30 }] }, mac: { prefix: "HWADDR=" } });
    expect(await cli(["calibrate", "--tty", pty.dev, "--inventory", file])).toBe(2);
  });
});

describe.skipIf(!existsSync(join(ROOT, "twin/main.ts")))("calibration against the twin", () => {
  let dir = "";
  let twin: ChildProcess | undefined;
  afterAll(async () => {
    if (twin && twin.exitCode === null && twin.signalCode === null) {
      const exited = new Promise((r) => twin!.once("exit", r));
      twin.kill("SIGTERM");
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("gives back the twin profile's cells", async () => {
    dir = await mkdtemp(join(tmpdir(), "hil-calibrate-twin-"));
    const path = join(dir, "console");
    let out = "";
    twin = spawn(process.execPath, ["--import", "tsx", join(ROOT, "twin/main.ts"), "--console", path, "--state", join(dir, "state"), "--time-scale", "0.01"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    twin.stdout!.on("data", (d) => (out += String(d)));
    twin.stderr!.on("data", (d) => (out += String(d)));
    await pollUntil(() => (existsSync(path) ? true : twin!.exitCode !== null ? Promise.reject(new Error(out)) : undefined), Deadline.in(30_000, "twin console PTY"), { describeLast: () => out });
    const result = await calibrate({ path, name: "twin", deadline: Deadline.in(40_000, "calibration of the twin") });
    const { name: _n, redraw: _r, ...cells } = result.profile;
    const { name: _tn, redraw: _tr, ...twinCells } = twinProfile;
    expect(cells).toEqual(twinCells);
    expect(result.profile.mac.prefix).toBe("MAC ");
  });
});
