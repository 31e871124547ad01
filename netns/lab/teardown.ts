// Undo a run from its manifest: stop its processes (identity-checked), give back host NICs, remove shim filters,
// delete its namespaces, remove its run directory. Used by the sweeper and by `hil lab down`.
import { lstat, readFile, readdir, readlink, rm, stat, unlink } from "node:fs/promises";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { run } from "../util/sh.ts";
import { runDir } from "../util/owner.ts";
import { carriesMark } from "../services/sweep.ts";
import type { Manifest, TrackedProcess } from "./manifest.ts";
import { groupMembers, identify, sameProcess } from "./proc.ts";
import { giveBackAll, vanishedNote } from "./nics.ts";

/** Stop `p` if the pid in its pid file (or the recorded pid) is still the process recorded; never another. */
export async function stopTracked(p: TrackedProcess, deadline = Deadline.in(3_000, `${p.label} exit`)): Promise<void> {
  const fromFile = Number((await readFile(p.pidFile, "utf8").catch(() => "")).trim());
  if (fromFile && fromFile !== p.pid) return; // the pid file names another process: not the one we recorded
  if (await sameProcess(p)) {
    signal(p, "SIGTERM");
    const gone = async () => ((await sameProcess(p)) ? undefined : true);
    await pollUntil(gone, deadline).catch(() => signal(p, "SIGKILL"));
    await pollUntil(gone, Deadline.in(2_000, `${p.label} gone after SIGKILL`)).catch(() => undefined);
  }
  // A group outlives its leader while members remain (a twin's cable helper): they go too, before this returns.
  if (p.group && (await groupMembers(p.pid)).length) {
    const empty = async () => ((await groupMembers(p.pid)).length ? undefined : true);
    signal(p, "SIGTERM");
    await pollUntil(empty, Deadline.in(1_000, `${p.label}'s process group gone`)).catch(() => signal(p, "SIGKILL"));
    await pollUntil(empty, Deadline.in(2_000, `${p.label}'s process group gone after SIGKILL`)).catch(() => undefined);
  }
}

function signal(p: TrackedProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(p.group ? -p.pid : p.pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Pids of processes whose network namespace is one of `namespaces` (compared by nsfs inode, not by name). */
export async function pidsInNamespaces(namespaces: readonly string[]): Promise<number[]> {
  const inodes = new Set<string>();
  for (const ns of namespaces) {
    const st = await stat(`/run/netns/${ns}`).catch(() => undefined);
    if (st) inodes.add(`net:[${st.ino}]`);
  }
  if (inodes.size === 0) return [];
  const pids = (await readdir("/proc")).filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid);
  const inside = await Promise.all(pids.map(async (pid) => (inodes.has(await readlink(`/proc/${pid}/ns/net`).catch(() => "")) ? Number(pid) : 0)));
  return inside.filter((pid) => pid > 0);
}

/** Processes started with the run's owner mark in their environment (`HIL_OWNER=<prefix>`: its services, its twin and
 *  what they spawned), wherever they run. */
export async function pidsOwnedBy(prefix: string): Promise<number[]> {
  const pids = (await readdir("/proc")).filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid).map(Number);
  const owned = await Promise.all(pids.map(async (pid) => ((await carriesMark(pid, prefix)) ? pid : 0)));
  return owned.filter((pid) => pid > 0);
}

/** Kill what still runs inside the run's own namespaces (e.g. a command whose owner was SIGKILLed) and, given the
 *  run's prefix, what carries its owner mark outside them: a twin of a run without a lab, spawned by a job killed
 *  before it recorded the twin, or the build script of a `lab up` killed mid-build, whose `ip -batch` would go on
 *  adding namespaces while the sweeper deletes them. Looks again after each kill (a dying script may have spawned
 *  one more command) until a look finds nothing, for at most 2 s. */
export async function stopStrays(namespaces: readonly string[], prefix?: string): Promise<void> {
  const find = async () => [...new Set([...(await pidsInNamespaces(namespaces)), ...(prefix ? await pidsOwnedBy(prefix) : [])])];
  await pollUntil(
    async () => {
      const ids = (await Promise.all((await find()).map(identify))).filter((id) => id !== undefined);
      for (const id of ids) {
        try {
          process.kill(id.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
      return ids.length ? undefined : true;
    },
    Deadline.in(2_000, "stray processes gone"),
  ).catch(() => undefined);
}

/**
 * The run's namespaces: those recorded in its manifest plus any other `<prefix>-*` namespace (e.g. a squatter
 * host a fault added): the prefix is the run's own, so they are its to remove.
 */
export async function runNamespaces(prefix: string, recorded: readonly string[]): Promise<string[]> {
  const present = (await readdir("/run/netns").catch(() => [] as string[])).filter((n) => n.startsWith(`${prefix}-`));
  return [...new Set([...recorded, ...present])];
}

/** Delete namespaces (absent ones are fine), in one `ip -batch -force`, again for any still there until `deadline`.
 *  Throws, naming each one left and what `ip` said, when some remain: a caller keeps its record of them (the run
 *  directory) so that a later sweep can try again, instead of leaving namespaces nobody owns. */
export async function deleteNamespaces(namespaces: readonly string[], deadline = Deadline.in(5_000, "namespaces deleted")): Promise<void> {
  let said = "";
  const left = async () => {
    const present = new Set(await readdir("/run/netns").catch(() => [] as string[]));
    return namespaces.filter((ns) => present.has(ns));
  };
  const attempt = async () => {
    const remaining = await left();
    if (remaining.length === 0) return true;
    const r = await run("ip", ["-force", "-batch", "-"], { input: remaining.map((ns) => `netns del ${ns}`).join("\n") + "\n", allowFailure: true });
    if (r.stderr) said = r.stderr;
    return (await left()).length === 0 ? true : undefined;
  };
  if (namespaces.length === 0 || (await attempt())) return;
  await pollUntil(attempt, deadline).catch(async () => {
    throw new Error(`namespaces ${(await left()).join(", ")} could not be deleted in ${Math.round(deadline.elapsed)} ms; ip said: ${said.split("\n").slice(0, 3).join("; ") || "(nothing)"}`);
  });
}

/** Remove everything manifest `m` records. Idempotent; safe to run twice or concurrently with itself. Returns what is
 *  worth saying beside the removal (a recorded host NIC that is no longer on this host). */
export async function teardownRun(m: Manifest): Promise<string[]> {
  const namespaces = await runNamespaces(m.prefix, m.namespaces);
  await Promise.all(m.processes.map((p) => stopTracked(p)));
  await stopStrays(namespaces, m.prefix);
  // Host NICs cabled to a hardware DUT go back under their own names before their namespace goes. When one cannot,
  // the run stays (namespaces, run directory and record) rather than destroy or rename it: the error says which.
  const { vanished } = await giveBackAll(runDir(m.prefix));
  // The docker backend's containers (services and the node containers holding namespaces), by the run's label.
  if (m.docker) await (await import("../services/docker/backend.ts")).removeRunContainers(m.docker.socket, m.prefix);
  const trunks = [...new Map(m.shims.map((s) => [`${s.ns}/${s.trunk}`, s])).values()];
  await Promise.all(trunks.map((s) => run("tc", ["-n", s.ns, "qdisc", "del", "dev", s.trunk, "clsact"], { allowFailure: true })));
  await deleteNamespaces(namespaces);
  await removeLinks(m.links ?? []);
  await rm(runDir(m.prefix), { recursive: true, force: true });
  return vanished.map(vanishedNote);
}

/** Remove the recorded symlinks that are still symlinks (never a file or directory put there since). */
async function removeLinks(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const st = await lstat(path).catch(() => undefined);
    if (st?.isSymbolicLink()) await unlink(path).catch(() => undefined);
  }
}
