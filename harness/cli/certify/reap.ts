// After an interrupted run: the vitest workers that held labs and twins are waited for, and whatever runs they
// still owned when they died (a worker stopped by vitest before its interrupt hooks finished) are swept. Only runs
// whose owner was one of this run's own workers are touched.
import { readdirSync, readFileSync } from "node:fs";
import { listManifests } from "../../../netns/lab/manifest.ts";
import { identify, sameProcess, type ProcIdentity } from "../../../netns/lab/proc.ts";
import { sweepStaging } from "../../../netns/lab/orphans.ts";
import { NO_MANIFEST, sweep } from "../../../netns/lab/sweep.ts";
import { Deadline, pollUntil } from "../../../netns/util/deadline.ts";

/** The pids whose parent is `pid` (from /proc). */
export function childrenOf(pid: number | undefined): number[] {
  if (!pid) return [];
  return readdirSync("/proc").filter((e) => /^\d+$/.test(e)).filter((e) => {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
    } catch {
      return false;
    }
  }).map(Number);
}

/** Identities of `pids` that still run (a recycled pid is told apart later by its start time). */
export async function identities(pids: readonly number[]): Promise<ProcIdentity[]> {
  return (await Promise.all(pids.map(identify))).filter((p): p is ProcIdentity => p !== undefined);
}

/** What reaping found: workers that outlived the wait, and the runs swept for dead ones. */
export interface Reaped {
  stillRunning: ProcIdentity[];
  swept: string[];
  kept: string[];
}

/** Wait (up to `waitMs`) for this run's workers to exit: those seen at the interrupt (`procs`) and the owners of the
 *  runs made for `session`. Then sweep the runs they owned and left behind, and the run directories a dead process
 *  left half-created. vitest may exit before its handler could list its workers (they are then no longer its
 *  children): the session recorded in each manifest still names them. */
export async function reapWorkers(procs: readonly ProcIdentity[], session: string | undefined, waitMs = 30_000): Promise<Reaped> {
  const ours = async () => (await listManifests()).filter((m) => (session !== undefined && m.session === session) || procs.some((p) => p.pid === m.owner.pid && p.startTime === m.owner.startTime));
  const alive = async () => {
    const owners = new Map([...procs, ...(await ours()).map((m) => m.owner)].map((p) => [`${p.pid}:${p.startTime}`, p]));
    return (await Promise.all([...owners.values()].map(async (p) => ((await sameProcess(p)) ? p : undefined)))).filter((p): p is ProcIdentity => p !== undefined);
  };
  let last: ProcIdentity[] = [];
  await pollUntil(async () => ((last = await alive()).length === 0 ? true : undefined), Deadline.in(waitMs, "the interrupted run's workers to exit"), {
    describeLast: () => `still running: ${last.map((p) => p.pid).join(", ")}`,
  }).catch(() => undefined);
  const swept: string[] = [];
  const kept: string[] = [];
  for (const m of await ours()) {
    if (await sameProcess(m.owner)) continue; // its worker still runs: not ours to take down
    const r = await sweep(m.prefix);
    for (const e of r.removed) swept.push(`${e.name} (${e.prefix}): ${e.reason}`);
    for (const e of r.kept) kept.push(`${e.name} (${e.prefix}): ${e.reason}`);
  }
  // A worker that died while creating a run leaves only its staging directory, named after its pid (an empty one
  // names no run): removed as `hil lab sweep` would remove it, since its creator is gone.
  for (const s of await sweepStaging()) if (s.removed) swept.push(`${NO_MANIFEST} (${s.prefix}): ${s.reason}`);
  return { stillRunning: await alive(), swept, kept };
}
