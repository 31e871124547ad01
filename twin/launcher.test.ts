// `hil twin` spawns twin/main.ts (harness never imports twin): argument errors come back with exit 2.
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("hil twin", { timeout: 120_000 }, () => {
  it("passes the arguments to the twin and its exit code back", async () => {
    const r = await execa(join(root, "harness/cli/hil.sh"), ["twin", "--console", "/tmp/never", "--state", "/tmp/never-state", "--model", "old"], { reject: false, cwd: root });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('twin: expected --model to be one of current, legacy, got "old"');
    expect(r.stderr).toContain("usage: tsx twin/main.ts --console PATH --state DIR");
  });

  it("names a missing namespace or directory before starting", async () => {
    const r = await execa(process.execPath, ["--import", "tsx", join(root, "twin/main.ts"), "--console", "/nonexistent-dir/c", "--state", "/tmp/never-state"], { reject: false, cwd: root });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("twin: --console /nonexistent-dir/c: its directory /nonexistent-dir does not exist");
  });
});
