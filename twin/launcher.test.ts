// `hil twin` spawns twin/main.ts (harness never imports twin): argument errors come back with exit 2.
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { Deadline, pollUntil } from "../netns/util/deadline.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("hil twin", { timeout: 120_000 }, () => {
  it("passes the arguments to the twin and its exit code back", async () => {
    const r = await execa(join(root, "harness/cli/hil.sh"), ["twin", "--console", "/tmp/never", "--state", "/tmp/never-state", "--model", "old"], { reject: false, cwd: root });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('twin: expected --model to be one of current, legacy, got "old"');
    expect(r.stderr).toContain("usage: tsx twin/main.ts --console PATH --state DIR");
  });

  it("lists the defect catalogue, one name a line (what `hil dut defects` and the defect proof read)", async () => {
    const r = await execa(process.execPath, ["--import", "tsx", join(root, "twin/main.ts"), "--list-defects"], { reject: false, cwd: root });
    expect(r.exitCode).toBe(0);
    const names = r.stdout.split("\n");
    expect(names).toContain("prompt-typo");
    expect(names).toContain("wrong-dns-error");
    expect(names.every((n) => /^[a-z0-9-]+$/.test(n))).toBe(true);
    const mixed = await execa(process.execPath, ["--import", "tsx", join(root, "twin/main.ts"), "--list-defects", "--no-pace"], { reject: false, cwd: root });
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toContain("twin: --list-defects takes no other option");
  });

  it("names a missing namespace or directory before starting", async () => {
    const r = await execa(process.execPath, ["--import", "tsx", join(root, "twin/main.ts"), "--console", "/nonexistent-dir/c", "--state", "/tmp/never-state"], { reject: false, cwd: root });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("twin: --console /nonexistent-dir/c: its directory /nonexistent-dir does not exist");
  });

  it("--owner PID: the twin ends by itself once its owner is gone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hil-twin-owner-"));
    const owner = spawn("sleep", ["30"]);
    try {
      const twin = execa(process.execPath, ["--import", "tsx", join(root, "twin/main.ts"), "--console", join(dir, "console"), "--state", join(dir, "state"), "--time-scale", "0.01", "--no-pace", "--owner", String(owner.pid)], { reject: false, cwd: root });
      await pollUntil(() => (existsSync(join(dir, "console")) ? true : undefined), Deadline.in(30_000, "the twin's console link"));
      owner.kill("SIGKILL");
      const r = await twin;
      expect(r.exitCode).toBe(137);
      expect(r.stderr).toContain(`twin: owner process ${owner.pid} is gone; stopping`);
    } finally {
      owner.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
