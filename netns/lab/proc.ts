// Process identity from /proc: a pid plus its start time and command line, so a recycled pid is never mistaken.
import { readdir, readFile } from "node:fs/promises";

/** Who a process is: enough to tell it from a later process that got the same pid. */
export interface ProcIdentity {
  pid: number;
  /** Start time in clock ticks since boot (/proc/PID/stat field 22). */
  startTime: string;
  /** NUL-separated argv joined with spaces (/proc/PID/cmdline). */
  cmdline: string;
}

/** The identity of live process `pid`, or undefined when it is gone or a zombie. */
export async function identify(pid: number): Promise<ProcIdentity | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (fields[0] === "Z" || fields[0] === "X") return undefined;
  const raw = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return { pid, startTime: fields[19] ?? "", cmdline: raw.replace(/\0+$/, "").split("\0").join(" ") };
}

/** True when the process recorded as `who` still runs (same pid, same start time, same command line). */
export async function stillRuns(who: ProcIdentity): Promise<boolean> {
  const now = await identify(who.pid);
  return now !== undefined && now.startTime === who.startTime && now.cmdline === who.cmdline;
}

/** True when process `who` runs with the same pid and start time (its cmdline may have changed by exec). */
export async function sameProcess(who: Pick<ProcIdentity, "pid" | "startTime">): Promise<boolean> {
  const now = await identify(who.pid);
  return now !== undefined && now.startTime === who.startTime;
}

/** Live (not zombie) members of process group `pgid`. A pgid is never given to a new process while its group has
 *  members, so these are the group's own even after its leader is gone. */
export async function groupMembers(pgid: number): Promise<number[]> {
  const pids = (await readdir("/proc").catch(() => [] as string[])).filter((e) => /^\d+$/.test(e));
  const inGroup = await Promise.all(pids.map(async (pid) => {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return stat && fields[0] !== "Z" && fields[0] !== "X" && Number(fields[2]) === pgid ? Number(pid) : 0;
  }));
  return inGroup.filter((pid) => pid > 0);
}
