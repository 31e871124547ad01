import { execa } from "execa";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Deadline } from "../../netns/util/deadline.ts";
import { LinkDeadError, SerialOpenError } from "./errors.ts";
import { classifyOpenError, SerialTransport, serialOptions } from "./serial.ts";
import { PtyPair } from "./testkit/pty.ts";

let pty: PtyPair;
const opened: SerialTransport[] = [];
beforeEach(async () => {
  pty = await PtyPair.start();
});
afterEach(async () => {
  for (const t of opened.splice(0)) await t.close();
  await pty.stop();
});
const open = async (path: string, o: unknown = {}) => {
  const t = await SerialTransport.open(path, o);
  opened.push(t);
  return t;
};
const deadOf = (t: SerialTransport) => new Promise<LinkDeadError>((resolve) => t.onDead(resolve));

describe("SerialTransport", () => {
  it("defaults to 9600 8N2 without flow control and validates options", () => {
    expect(serialOptions({})).toEqual({ baudRate: 9600, dataBits: 8, parity: "none", stopBits: 2, quietMs: null, watchMs: 200 });
    expect(() => serialOptions({ stopBits: 3 })).toThrow("Invalid serial options at stopBits: expected one of 1|1.5|2, found 3");
    expect(() => serialOptions({ baud: 9600 })).toThrow('Invalid serial options at (root): expected no key "baud", found "baud"');
  });

  it("fails with a typed error for a missing port", async () => {
    const err = await SerialTransport.open(`${pty.dir}/nope`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SerialOpenError);
    expect(err).toMatchObject({ reason: "missing", message: `Serial port ${pty.dir}/nope does not exist (is the cable or the twin's PTY attached?)` });
  });

  it("keeps the exclusive lock: a second open of the same port fails as busy", async () => {
    await open(pty.dev);
    const err = await SerialTransport.open(pty.dev).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SerialOpenError);
    expect((err as SerialOpenError).reason).toBe("busy");
    expect((err as Error).message).toMatch(/is busy: another process holds its lock/);
  });

  it.skipIf(process.getuid?.() !== 0)("fails with a typed permission error for an unprivileged user (needs root to drop to nobody)", async () => {
    const script = fileURLToPath(new URL("./testkit/open-as.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
    const r = await execa("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", tsx, script, pty.dev], { reject: false, env: { HOME: "/tmp" } });
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(out).toMatchObject({ ok: false, name: "SerialOpenError", reason: "permission" });
    expect(out.message).toBe(`Permission denied opening serial port ${pty.dev} (need read/write access, e.g. the dialout group)`);
  });

  it("classifies serialport's error texts", () => {
    expect(classifyOpenError("Error: No such file or directory, cannot open /x")).toBe("missing");
    expect(classifyOpenError("Error Resource temporarily unavailable Cannot lock port")).toBe("busy");
    expect(classifyOpenError("Error: Permission denied, cannot open /dev/ttyS0")).toBe("permission");
    expect(classifyOpenError("Error: Input/output error")).toBe("other");
  });

  it("reports a dead link when the PTY's other end goes away", async () => {
    const t = await open(pty.dev);
    const dead = deadOf(t);
    await pty.kill();
    const err = await dead;
    expect(err).toBeInstanceOf(LinkDeadError);
    expect(["closed", "read-error"]).toContain(err.reason);
    expect(() => t.write(Buffer.from("x"))).toThrow(LinkDeadError);
  });

  it("reports a dead link after the configured quiet time, and not before", async () => {
    const t = await open(pty.dev, { quietMs: 150 });
    const started = performance.now();
    const err = await deadOf(t);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(err).toMatchObject({ reason: "quiet", message: `Console link ${pty.dev} is dead: no bytes for 150 ms (the device's known quiet time)` });
  });

  it("has the quiet check off by default", async () => {
    const t = await open(pty.dev);
    let died = false;
    t.onDead(() => (died = true));
    const d = Deadline.in(300);
    await new Promise((r) => setTimeout(r, d.remaining)); // observe a silent line for a while: nothing may fire
    expect(died).toBe(false);
  });
});
