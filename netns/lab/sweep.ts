// The sweeper: removes lab runs whose owner process died (unless detached), or one named run on request, and
// manifest-less run directories only when provably ours and stale (orphans.ts). It never touches a live run of
// another process.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runDir } from "../util/owner.ts";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { listManifests, readManifest, type Manifest } from "./manifest.ts";
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
export async function sweep(target?: string, options: { lockWaitMs?: number } = {}): Promise<SweepResult> {
  const result: SweepResult = { removed: [], kept: [] };
  const runs = target === undefined ? await listManifests() : await findRuns(target);
  const orphans = (await listOrphans()).filter((p) => target === undefined || p === target);
  await Promise.all([
    ...runs.map(async (listed) => {
      const first = await verdict(listed, target);
      if (!first.remove) return void result.kept.push({ prefix: listed.prefix, name: listed.name, reason: first.reason });
      // A run asked for by name waits for another sweeper that holds it, so the caller learns how it ended.
      const lock = target === undefined ? await takeLock(listed.prefix) : await lockWhenFree(listed.prefix, options.lockWaitMs ?? LOCK_WAIT_MS);
      if (lock === "gone") return void (target === undefined ? undefined : result.removed.push({ prefix: listed.prefix, name: listed.name, reason: "removed meanwhile by another sweeper" }));
      if (lock !== "taken") return void result.kept.push({ prefix: listed.prefix, name: listed.name, reason: `being swept by another process (${lock.busy})` });
      // Judged again from the manifest as it is now: the one listed may have changed since (a builder that finished
      // its lab and exited meanwhile leaves a detached lab that is up, no longer a half-built one).
      const m = await readManifest(listed.prefix);
      const v = m ? await verdict(m, target) : { remove: false, reason: "its manifest is gone" };
      const entry = { prefix: listed.prefix, name: listed.name, reason: v.reason };
      if (!m || !v.remove) return void (await releaseLock(listed.prefix), result.kept.push(entry));
      const done = await teardownRun(m).then((notes) => ({ notes }), (error: Error) => ({ error }));
      if ("error" in done) return void (await releaseLock(listed.prefix), result.kept.push({ ...entry, reason: `teardown incomplete: ${done.error.message}` }));
      result.removed.push(done.notes.length ? { ...entry, reason: `${entry.reason}; ${done.notes.join("; ")}` } : entry);
    }),
    ...orphans.map(async (prefix) => {
      const v = await orphanVerdict(prefix);
      const entry = { prefix, name: NO_MANIFEST, reason: v.reason };
      if (!v.remove) return void result.kept.push(entry);
      if ((await takeLock(prefix)) !== "taken") return void result.kept.push({ ...entry, reason: "being swept by another process" });
      await rm(runDir(prefix), { recursive: true, force: true });
      result.removed.push(entry);
    }),
  ]);
  for (const s of await sweepStaging(target)) (s.removed ? result.removed : result.kept).push({ prefix: s.prefix, name: NO_MANIFEST, reason: s.reason });
  return result;
}

/** How long a sweep asked for one run waits, by default, for another sweeper that holds that run. */
const LOCK_WAIT_MS = 30_000;

/** Take the sweep lock of run `prefix` (a file naming its holder); a dead holder's lock is taken over. "gone": the run
 *  directory no longer exists; `busy`: the live process that holds it. */
async function takeLock(prefix: string): Promise<"taken" | "gone" | { busy: string }> {
  const file = lockFile(prefix);
  const me = await identify(process.pid);
  const mine = JSON.stringify(me);
  try {
    await writeFile(file, mine, { flag: "wx" });
    return "taken";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    const holder = await lockHolder(prefix);
    if (holder && holder.pid !== process.pid && (await sameProcess(holder))) return { busy: `pid ${holder.pid}: ${holder.cmdline.slice(0, 80)}` };
    const written = await writeFile(file, mine).then(() => true, () => false);
    return written ? "taken" : "gone";
  }
}

/** takeLock, waiting while another live sweeper holds the run (it removes it, or gives it up, or dies). */
async function lockWhenFree(prefix: string, waitMs: number): Promise<"taken" | "gone" | { busy: string }> {
  let last: Awaited<ReturnType<typeof takeLock>> = "gone";
  await pollUntil(async () => ((last = await takeLock(prefix)) === "taken" || last === "gone" ? true : undefined), Deadline.in(waitMs, `the sweep lock of ${prefix}`)).catch(() => undefined);
  const seen = last as Awaited<ReturnType<typeof takeLock>>;
  return typeof seen === "string" ? seen : { busy: `${seen.busy}; waited ${waitMs / 1000} s` };
}

/** Give up the lock of a run this sweep decided to keep (only if this process still holds it). */
async function releaseLock(prefix: string): Promise<void> {
  if ((await lockHolder(prefix))?.pid === process.pid) await rm(lockFile(prefix), { force: true });
}

/** The process a run's lock names, or null when there is none (or it cannot be read). */
async function lockHolder(prefix: string): Promise<ProcIdentity | null> {
  return JSON.parse((await readFile(lockFile(prefix), "utf8").catch(() => "null")) || "null") as ProcIdentity | null;
}

const lockFile = (prefix: string) => join(runDir(prefix), ".sweep-lock");
