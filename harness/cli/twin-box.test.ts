// `hil twin --as-hardware` through the real CLI: start (returns, the box lives on), the printed and written inventory
// entry, list, power, stop (nothing left); and the argument errors a user reads.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { newPrefix } from "../../netns/util/owner.ts";
import { run } from "../../netns/util/sh.ts";
import { stopBox } from "../dut/box.ts";
import { parseBoxArgs } from "./twin-box.ts";

const HIL = fileURLToPath(new URL("./hil.sh", import.meta.url));

async function hil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(HIL, args, { timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const NAME = `c${newPrefix().slice(3)}`;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

describe("hil twin --as-hardware (CLI)", () => {
  it("starts a box that outlives the command, prints and writes its entry; list, power and stop work by name", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hil-box-cli-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, "lab.yaml");
    const started = await hil("twin", "--as-hardware", NAME, "--time-scale", "0.01", "--serial", "41234", "--model", "legacy", "--inventory", file);
    cleanups.push(() => stopBox(NAME));
    expect(started.code, started.stderr).toBe(0);
    const printed = parse(started.stdout.split("\n").filter((l) => !l.startsWith("# ")).join("\n")) as { appliances: Record<string, unknown>[] };
    const written = parse(await readFile(file, "utf8")) as { version: number; appliances: Record<string, unknown>[] };
    expect(written.version).toBe(1);
    expect(written.appliances).toEqual(printed.appliances);
    const entry = written.appliances[0]!;
    expect(entry).toMatchObject({ name: NAME, tty: `/dev/hilbox-${NAME}`, lan: `hb-${NAME}-lan`, wan: `hb-${NAME}-wan`, model: "legacy", serial: "41234" });
    expect(entry.console).toEqual({ profile: "twin", line: { baudRate: 9600, dataBits: 8, parity: "none", stopBits: 2 } });
    expect(entry.timings).toEqual({ bootMs: 1750, messageMs: 400, checkMs: 6600, keyMs: 1, timeScale: 0.01, scales: { boot: 0.0125, check: 0.1065, message: 0.2 } });
    expect(started.stdout).toContain("# twin/ui/durations.ts DURATIONS.boot");
    expect(existsSync(entry.tty as string)).toBe(true);

    const listed = await hil("twin", "list");
    expect(listed.stdout).toMatch(new RegExp(`^${NAME}\\trunning\\tpid \\d+\\t/dev/hilbox-${NAME}`, "m"));
    expect((await hil("twin", "power", NAME, "on")).code).toBe(0);
    const power = entry.power as { command: { on: string; off: string } };
    const off = await run("sh", ["-c", power.command.off], { allowFailure: true });
    expect(off.exitCode, off.stderr).toBe(0);

    const stopped = await hil("twin", "stop", NAME);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(existsSync(entry.tty as string)).toBe(false);
    expect((await hil("twin", "list")).stdout).not.toContain(NAME);
    const again = await hil("twin", "stop", NAME);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`hil twin: No box named "${NAME}" to stop`);
  }, 240_000);
});

describe("box arguments", () => {
  it("parses the options into BoxOptions", () => {
    expect(parseBoxArgs(["--as-hardware", "b1", "--model", "legacy", "--serial", "30001", "--time-scale", "0.5", "--pace", "--platform-ca", "/ca.crt", "--inventory", "lab.yaml"])).toEqual({
      name: "b1", model: "legacy", serial: "30001", timeScale: 0.5, pace: true, platformCa: "/ca.crt", inventory: "lab.yaml",
    });
  });

  it.each([
    [["--as-hardware"], 'expected --as-hardware NAME first, got "--as-hardware"'],
    [["--as-hardware", "b1", "--model", "old"], 'expected --model to be current or legacy, got "old"'],
    [["--as-hardware", "b1", "--time-scale", "0"], 'expected --time-scale to be a number > 0 and <= 1000, got "0"'],
    [["--as-hardware", "b1", "--serial"], "expected a value after --serial, got nothing"],
    [["--as-hardware", "b1", "--bogus"], "unknown option '--bogus'"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseBoxArgs(argv)).toThrow(message);
  });
});
