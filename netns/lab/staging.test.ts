// A run directory never exists without its manifest: the first write stages it as `.<prefix>.<pid>.new` and renames
// it into place. What a process killed in between leaves is removed by the sweeper as soon as that pid is gone.
// A run root of its own: other test files' sweeps (every first lab of a process sweeps) must not race these.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deadPid } from "./testkit/procs.ts";

const root = mkdtempSync(join(tmpdir(), "hil-staging-"));
process.env.HIL_RUN_ROOT = root;
const { newPrefix, RUN_ROOT, runDir } = await import("../util/owner.ts");
const { writeManifest } = await import("./manifest.ts");
const { sweepStaging } = await import("./orphans.ts");
const { identify } = await import("./proc.ts");
const { NO_MANIFEST, sweep } = await import("./sweep.ts");
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What a process killed between creating its staging directory and renaming it leaves. */
function staged(prefix: string, pid: number): string {
  const dir = join(RUN_ROOT, `.${prefix}.${pid}.new`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe("staged run directories", () => {
  it("the first manifest write makes the run directory with the manifest in it, and leaves no staging directory", async () => {
    expect(RUN_ROOT).toBe(root);
    const prefix = newPrefix();
    await writeManifest({ version: 1, prefix, name: "staging-test", topology: "(no lab)", createdAt: new Date().toISOString(), owner: (await identify(process.pid))!, detached: false, state: "up", hosts: {}, namespaces: [], processes: [], shims: [] });
    expect(readdirSync(runDir(prefix))).toEqual(["manifest.json"]);
    expect(readdirSync(RUN_ROOT)).toEqual([prefix]);
  });

  it("one left by a process that is gone is removed at once; one of a live process is kept", async () => {
    const dead = deadPid();
    const [gone, live, other] = [newPrefix(), newPrefix(), newPrefix()];
    const [goneDir, liveDir, otherDir] = [staged(gone, dead), staged(live, process.pid), staged(other, dead)];
    // Asked for by its run's prefix: only that one.
    expect(await sweepStaging(gone)).toEqual([{ prefix: gone, pid: dead, removed: true, reason: `run directory left half-created by process ${dead}, which is gone` }]);
    expect([existsSync(goneDir), existsSync(otherDir)]).toEqual([false, true]);
    const result = await sweep();
    expect(result.removed).toContainEqual({ prefix: other, name: NO_MANIFEST, reason: `run directory left half-created by process ${dead}, which is gone` });
    expect(result.kept).toContainEqual({ prefix: live, name: NO_MANIFEST, reason: `run directory being created by live process ${process.pid}` });
    expect([existsSync(otherDir), existsSync(liveDir)]).toEqual([false, true]);
  });
});
