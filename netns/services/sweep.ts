// Killing a service left behind by a crashed run, by its pid file only, after proving the process is the run's.
import { readFile, rm } from "node:fs/promises";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { OWNER_ENV, signalGroup } from "./process.ts";
import { groupMembers, isAlive } from "./proc.ts";

/** What became of one pid file: killed, already gone, or left alone (not ours: the pid was reused). */
export type SweepOutcome = { pid: number; outcome: "killed" | "gone" | "not-ours" } | { pid: undefined; outcome: "unreadable" };

/** True when process `pid` was started with the owner mark of run `prefix` (HIL_OWNER=`prefix`) in its environment. */
export async function carriesMark(pid: number, prefix: string): Promise<boolean> {
  const environ = await readFile(`/proc/${pid}/environ`, "latin1").catch(() => "");
  return environ.split("\0").includes(`${OWNER_ENV}=${prefix}`);
}

/** True when process `pid` leads its own group and carries the owner mark of `prefix`. */
export async function ownedBy(pid: number, prefix: string): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const pgrp = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2];
  return pgrp === String(pid) && (await carriesMark(pid, prefix));
}

/** Kill the process group named by `pidFile` if it belongs to `prefix`, wait until it is gone, remove the pid file. */
export async function sweepPidFile(pidFile: string, prefix: string, deadline = Deadline.in(3000, "swept service gone")): Promise<SweepOutcome> {
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  if (!Number.isInteger(pid) || pid <= 1) return { pid: undefined, outcome: "unreadable" };
  if (!(await isAlive(pid)) && (await groupMembers(pid)).length === 0) {
    await rm(pidFile, { force: true });
    return { pid, outcome: "gone" };
  }
  if (!(await ownedBy(pid, prefix))) return { pid, outcome: "not-ours" };
  signalGroup(pid, "SIGKILL");
  await pollUntil(async () => ((await groupMembers(pid)).length === 0 ? true : undefined), deadline, { what: `process group ${pid} from ${pidFile} gone` });
  await rm(pidFile, { force: true });
  return { pid, outcome: "killed" };
}
