// The sweeper: removes lab runs whose owner process died (unless detached), or one named run on request, and
// manifest-less run directories only when provably ours and stale (orphans.ts). It never touches a live run of
// another process.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runDir } from "../util/owner.ts";
import { listManifests, type Manifest } from "./manifest.ts";
import { listOrphans, orphanVerdict, sweepStaging } from "./orphans.ts";
import { identify, sameProcess, type ProcIdentity } from "./proc.ts";
import { teardownRun } from "./teardown.ts";

export interface SweepEntry {
  prefix: string;
  name: string;
  reason: string;
}

export interface SweepResult {
  removed: SweepEntry[];
  kept: SweepEntry[];
}

/** Why run `m` may be removed now (undefined: it must be kept); `target` names a run asked for explicitly. */
export async function verdict(m: Manifest, target?: string): Promise<{ remove: boolean; reason: string }> {
  const ownerAlive = await sameProcess(m.owner);
  const ours = m.owner.pid === process.pid && ownerAlive;
  if (target !== undefined) {
    if (m.detached) return { remove: true, reason: "detached lab, removal requested" };
    if (!ownerAlive) return { remove: true, reason: `owner ${m.owner.pid} is gone` };
    if (ours) return { remove: true, reason: "owned by this process" };
    return { remove: false, reason: `owned by live process ${m.owner.pid} (not detached): refusing` };
  }
  // Detached means "outlives its builder" only once it is up: a builder killed mid-build (SIGKILL, no handler ran)
  // leaves a half-built lab that no one will ever take down by name.
  if (m.detached && m.state === "building" && !ownerAlive) return { remove: true, reason: `detached lab left half-built: its builder ${m.owner.pid} died before it was up` };
  if (m.detached) return { remove: false, reason: "detached lab (remove it by name)" };
  if (ownerAlive) return { remove: false, reason: `owner ${m.owner.pid} is alive` };
  return { remove: true, reason: `owner ${m.owner.pid} is gone` };
}

/** Runs matching `target` (a lab name or a prefix). */
export async function findRuns(target: string): Promise<Manifest[]> {
  return (await listManifests()).filter((m) => m.name === target || m.prefix === target);
}

/** The name a manifest-less run directory is reported under. */
export const NO_MANIFEST = "(no manifest)";

/**
 * Remove dead runs (owner gone, not detached), or, with `target`, the run with that name or prefix; and stale
 * manifest-less run directories (all of them, or the one `target` names). Each run is locked while it is swept,
 * so two sweepers never undo the same run at once.
 */
export async function sweep(target?: string): Promise<SweepResult> {
  const result: SweepResult = { removed: [], kept: [] };
  const runs = target === undefined ? await listManifests() : await findRuns(target);
  const orphans = (await listOrphans()).filter((p) => target === undefined || p === target);
  await Promise.all([
    ...runs.map(async (m) => {
      const v = await verdict(m, target);
      const entry = { prefix: m.prefix, name: m.name, reason: v.reason };
      if (!v.remove) return void result.kept.push(entry);
      if (!(await takeLock(m.prefix))) return void result.kept.push({ ...entry, reason: "being swept by another process" });
      const done = await teardownRun(m).then((notes) => ({ notes }), (error: Error) => ({ error }));
      if ("error" in done) return void result.kept.push({ ...entry, reason: `teardown incomplete: ${done.error.message}` });
      result.removed.push(done.notes.length ? { ...entry, reason: `${entry.reason}; ${done.notes.join("; ")}` } : entry);
    }),
    ...orphans.map(async (prefix) => {
      const v = await orphanVerdict(prefix);
      const entry = { prefix, name: NO_MANIFEST, reason: v.reason };
      if (!v.remove) return void result.kept.push(entry);
      if (!(await takeLock(prefix))) return void result.kept.push({ ...entry, reason: "being swept by another process" });
      await rm(runDir(prefix), { recursive: true, force: true });
      result.removed.push(entry);
    }),
  ]);
  for (const s of await sweepStaging(target)) (s.removed ? result.removed : result.kept).push({ prefix: s.prefix, name: NO_MANIFEST, reason: s.reason });
  return result;
}

/** Take the sweep lock of run `prefix` (a file naming its holder); a dead holder's lock is taken over. */
async function takeLock(prefix: string): Promise<boolean> {
  const file = join(runDir(prefix), ".sweep-lock");
  const me = await identify(process.pid);
  const mine = JSON.stringify(me);
  try {
    await writeFile(file, mine, { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false; // run dir already gone
    const holder = JSON.parse((await readFile(file, "utf8").catch(() => "null")) || "null") as ProcIdentity | null;
    if (holder && holder.pid !== process.pid && (await sameProcess(holder))) return false;
    await writeFile(file, mine);
    return true;
  }
}
