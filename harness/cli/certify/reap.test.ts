// After an interrupted certification: the runs its dead workers left are swept, found by the session recorded in
// their manifests even when the workers were never listed (vitest had exited before certify's handler ran); runs of
// other sessions, and runs whose owner still runs, are left alone. A run root of its own: other test files' sweeps
// (every first lab of a process sweeps) must not race these runs, whose owners are gone.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deadPid } from "../../../netns/lab/testkit/procs.ts";
import type { Manifest } from "../../../netns/lab/manifest.ts";

const root = mkdtempSync(join(tmpdir(), "hil-reap-"));
process.env.HIL_RUN_ROOT = root;
const { writeManifest } = await import("../../../netns/lab/manifest.ts");
const { identify } = await import("../../../netns/lab/proc.ts");
const { newPrefix, RUN_ROOT, runDir } = await import("../../../netns/util/owner.ts");
const { reapWorkers } = await import("./reap.ts");
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(owner: Manifest["owner"], session?: string): Promise<string> {
  const prefix = newPrefix();
  await writeManifest({ version: 1, prefix, name: "twin-reap", topology: "(no lab)", createdAt: new Date().toISOString(), owner, ...(session ? { session } : {}), detached: false, state: "up", hosts: {}, namespaces: [], processes: [], shims: [] });
  return prefix;
}

describe("reaping an interrupted certification", () => {
  it("sweeps its session's runs whose worker is gone, with no worker listed; nothing else", async () => {
    expect(RUN_ROOT).toBe(root);
    const session = `certify-test-${process.pid}`;
    const dead = { pid: deadPid(), startTime: "1", cmdline: "vitest worker" };
    const gone = await run(dead, session);
    const otherSession = await run(dead, "certify-someone-else");
    const noSession = await run(dead);
    const alive = await run((await identify(process.pid))!, session);
    const reaped = await reapWorkers([], session, 300);
    expect(reaped.swept).toEqual([`twin-reap (${gone}): owner ${dead.pid} is gone`]);
    expect([gone, otherSession, noSession, alive].map((p) => existsSync(runDir(p)))).toEqual([false, true, true, true]);
    // The owner that still runs was waited for, then left alone (its interrupt hooks remove its run).
    expect(reaped.stillRunning.map((p) => p.pid)).toEqual([process.pid]);
  });
});
