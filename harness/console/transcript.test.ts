import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Deadline } from "../../netns/util/deadline.ts";
import { Console } from "./console.ts";
import { LostKeyError } from "./errors.ts";
import { decodeKeys } from "./keys.ts";
import { twinProfile } from "./profiles/twin.ts";
import { replayCast } from "./replay.ts";
import { TinyDevice, type DeviceOptions } from "./testkit/device.ts";
import { PtyPair } from "./testkit/pty.ts";
import { parseCast } from "./transcript.ts";

const SECRET = "Pa55_w0rd";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(device: DeviceOptions = {}, secrets: string[] = []) {
  const dir = await mkdtemp(join(tmpdir(), "hil-console-transcript-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const pty = await PtyPair.start();
  cleanups.push(() => pty.stop());
  const con = await Console.open({ name: "tiny/1", path: pty.dev, profile: twinProfile, transcript: { dir }, secrets });
  cleanups.push(() => con.close());
  const dev = await TinyDevice.attach(pty.peer, device);
  cleanups.push(() => dev.close());
  await con.waitFor("SETUP NETWORK", { deadline: Deadline.in(3000) });
  return { dir, con, dev, cast: join(dir, "tiny_1.cast"), timeline: join(dir, "tiny_1.screens.txt") };
}

/** Everything written under `dir`, concatenated. */
async function onDisk(dir: string): Promise<string> {
  const files = await readdir(dir);
  return (await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")))).join("\n");
}

function expectNoSecret(text: string, secret: string) {
  expect(text).not.toContain(secret);
  for (let i = 0; i + 4 <= secret.length; i++) expect(text).not.toContain(secret.slice(i, i + 4));
}

describe("transcripts", () => {
  it("round-trips: the replayed cast ends on the same LCD, with every key recorded", async () => {
    const { con, cast, timeline } = await rig();
    await con.press("DOWN");
    await con.press("ENTER");
    await con.type("hi");
    await con.press("RIGHT");
    const last = con.lcd();
    await con.close();
    const text = await readFile(cast, "utf8");
    const { header, events } = parseCast(text, cast);
    expect(header).toMatchObject({ version: 2, width: 80, height: 24 });
    expect(events.every(([t], i) => i === 0 || t >= events[i - 1]![0])).toBe(true);
    const replay = await replayCast(cast, twinProfile);
    expect(replay.final).toEqual(last);
    expect(decodeKeys(replay.keys.map((k) => k.data).join(""))).toEqual(["DOWN", "ENTER", "h", "i", "RIGHT"]);
    expect(replay.states.map((s) => s.lcd.text)).toContain("EDIT NAME hi");
    const screens = await readFile(timeline, "utf8");
    expect(screens).toMatch(/\d+\.\d{3}s \[EDIT NAME {11}\|hi {18}\] nav=E<>\^v cursor=1:2 S1\[\*\] S2\[\*\] S3\[ \] MAC 00:50:56:AB:CD:EF/);
  });

  it("never writes a proxy password typed on the profile's secret screen", async () => {
    const { con, dir, cast } = await rig();
    await con.press("DOWN");
    await con.press("DOWN");
    await con.press("ENTER"); // PROXY PASSW field
    const typed = await con.type(SECRET);
    expect(typed.lines[1].trim()).toBe(SECRET); // the caller still reads the real screen
    const err = await con.waitFor("NEVER", { deadline: Deadline.in(50) }).then(() => new Error("resolved"), (e: unknown) => e as Error);
    expectNoSecret(err.message, SECRET);
    await con.press("ENTER");
    expectNoSecret(JSON.stringify(con.callLog()), SECRET);
    await con.close();
    expectNoSecret(await onDisk(dir), SECRET);
    const { events } = parseCast(await readFile(cast, "utf8"));
    expect(events.filter(([, k]) => k === "i").map(([, , d]) => d)).toEqual(["\x1b[B", "\x1b[B", "\r", ...Array(SECRET.length).fill("*"), "\r"]);
    const replay = await replayCast(cast, twinProfile);
    expect(replay.states.some((s) => s.lcd.lines[1].trim() === "*".repeat(SECRET.length))).toBe(true);
  });

  it("masks everything typed inside con.secret(), also on a screen no profile rule knows", async () => {
    const { con, dir } = await rig();
    await con.press("DOWN");
    await con.press("ENTER"); // EDIT NAME: not a secret screen by profile
    await con.secret(() => con.type("Zq9_xK"));
    await con.press("LEFT"); // outside the window, but line 2 still shows the secret: still masked
    await con.press("ENTER");
    await con.close();
    expectNoSecret(await onDisk(dir), "Zq9_xK");
  });

  it("masks the key and line 2 in a LostKeyError raised on a secret screen", async () => {
    const { con } = await rig({ dropKeys: [5] });
    for (const k of ["DOWN", "DOWN", "ENTER"] as const) await con.press(k);
    await con.type("Pa");
    const err = (await con.press("5", { deadline: Deadline.in(300) }).catch((e: unknown) => e)) as LostKeyError;
    expect(err).toBeInstanceOf(LostKeyError);
    expect(err.key).toBe("*");
    expect(err.after.lines[1].trim()).toBe("**");
    expect(err.message).toMatch(/key \* had no effect/);
    expectNoSecret(err.message, "Pa5");
  });

  it("scrubs known secret values from device output on any screen", async () => {
    const { con, dev, dir } = await rig({}, [SECRET]);
    await dev.send(`\x1b[12;1Hproxy=${SECRET}`);
    await con.waitFor(() => true);
    await con.press("DOWN");
    await con.close();
    const text = await onDisk(dir);
    expectNoSecret(text, SECRET);
    expect(text).toContain(`proxy=${"*".repeat(SECRET.length)}`);
  });
});
