// The twin profile against the real twin: spawned as a separate program (never imported), read through its PTY.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { Console } from "./console.ts";
import { twinProfile } from "./profiles/twin.ts";
import { replayCast } from "./replay.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const TWIN = join(ROOT, "twin/main.ts");

describe.skipIf(!existsSync(TWIN))("twin screen contract through the console driver", () => {
  let dir = "";
  let twin: ChildProcess | undefined;
  let con: Console | undefined;
  let out = "";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hil-console-twin-"));
    const path = join(dir, "console");
    twin = spawn(process.execPath, ["--import", "tsx", TWIN, "--console", path, "--state", join(dir, "state"), "--time-scale", "0.01"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    twin.stdout!.on("data", (d) => (out += String(d)));
    twin.stderr!.on("data", (d) => (out += String(d)));
    await pollUntil(() => (existsSync(path) ? true : twin!.exitCode !== null ? Promise.reject(new Error(out)) : undefined), Deadline.in(30_000, "twin console PTY"), { describeLast: () => out });
    con = await Console.open({ name: "twin", path, profile: twinProfile, transcript: { dir } });
  });

  afterAll(async () => {
    await con?.close();
    if (twin && twin.exitCode === null && twin.signalCode === null) {
      const exited = new Promise((r) => twin!.once("exit", r));
      twin.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it("wakes on ENTER, shows the MAC the twin announces, and reaches a screen offering ENTER", async () => {
    await con!.wake({ deadline: Deadline.in(10_000) });
    const ready = await con!.waitFor((l) => l.nav.enter, { deadline: Deadline.in(20_000) });
    const announced = /MAC ([0-9a-f:]{17})/.exec(out)?.[1];
    expect(ready.mac).toBe(announced);
    expect(ready.blank).toBe(false);
  });

  it("enters the main menu at SETUP NETWORK and moves through it one confirmed key at a time", async () => {
    const menu = await con!.press("ENTER", { expect: (l) => l.text === "SETUP NETWORK", deadline: Deadline.in(5000) });
    expect(menu.cursor).toBeNull();
    const down = await con!.press("DOWN");
    expect(down.text).not.toBe("SETUP NETWORK");
    expect((await con!.press("UP")).text).toBe("SETUP NETWORK");
  });

  it("records a transcript whose replay ends on the screen the driver last read", async () => {
    const last = con!.lcd();
    await con!.close();
    const replay = await replayCast(join(dir, "twin.cast"), twinProfile);
    expect(replay.final).toEqual(last);
  });
});
