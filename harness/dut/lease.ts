// One appliance, one test at a time: a lease per appliance name on this host, a lock file under /run/hil/lease/
// holding who took it (pid, the pid's start time, command line, since when, worktree). Taken atomically with
// link(2), re-checked after taking; a lock whose process is gone (or whose pid now names another process) is stale.
import { randomBytes } from "node:crypto";
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { Deadline, POLL_BACKOFF_MS } from "../../netns/util/deadline.ts";
import { DutError } from "./errors.ts";

/** Where the lease files live (HIL_LEASE_DIR overrides, for tests). */
export const LEASE_DIR = process.env.HIL_LEASE_DIR ?? "/run/hil/lease";

/** Who holds a lease: what the lock file records. */
export interface LeaseHolder {
  readonly pid: number;
  /** The pid's start time (field 22 of /proc/PID/stat, clock ticks since boot): a reused pid has another. */
  readonly startTime: string;
  readonly command: string;
  /** ISO time the lease was taken. */
  readonly since: string;
  /** The holder's working directory (its checkout). */
  readonly worktree: string;
  /** Unique per take: tells this taker's lock from any other's, also within one process. */
  readonly token: string;
}

/** The appliance is leased by a live process (after waiting as long as allowed). */
export class LeaseBusyError extends DutError {
  constructor(readonly appliance: string, readonly holder: LeaseHolder, waitMs: number, waitedMs: number) {
    super(`appliance ${appliance} is leased by pid ${holder.pid} (${holder.command}) since ${holder.since}, worktree ${holder.worktree}` +
      (waitMs > 0 ? `; waited ${Math.round(waitedMs / 1000)} s for it (HIL_LEASE_WAIT)` : " (HIL_LEASE_WAIT=0: not waiting)"));
  }
}

/** The pid's start time from /proc, or null when the process is gone. */
export function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null; // fields after "(comm)": state is field 3, starttime 22
  } catch {
    return null;
  }
}

function commandOf(pid: number): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    return cmd.length > 160 ? `${cmd.slice(0, 157)}...` : cmd;
  } catch {
    return "?";
  }
}

/** True when the holder's process is gone or its pid now belongs to another process. */
export function isStale(h: LeaseHolder): boolean {
  const now = startTimeOf(h.pid);
  return now === null || now !== h.startTime;
}

function readHolder(file: string): LeaseHolder | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LeaseHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    // A lock file is written whole before it is linked into place: unreadable means damaged; treat it as stale.
    return { pid: 0, startTime: "", command: "unreadable lock file", since: "?", worktree: "?", token: "" };
  }
}

/** Leases this process holds (by appliance), counted so nested takers in one test file share one lock. */
const held = new Map<string, { lease: Lease; count: number }>();
process.once("exit", () => {
  for (const { lease } of held.values()) lease.removeFile();
});

/** A taken lease on one appliance. Release once per take; the last release removes the lock. */
export class Lease {
  private constructor(readonly appliance: string, readonly file: string, readonly holder: LeaseHolder) {}

  /** Take the lease on `appliance`, waiting up to `waitMs` (0: fail at once) for a live holder to release it. */
  static async take(appliance: string, options: { waitMs: number; dir?: string }): Promise<Lease> {
    const mine = held.get(appliance);
    if (mine) {
      mine.count++;
      return mine.lease;
    }
    const dir = options.dir ?? LEASE_DIR;
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${appliance}.lease`);
    const me: LeaseHolder = {
      pid: process.pid, startTime: startTimeOf(process.pid) ?? "?", command: commandOf(process.pid),
      since: new Date().toISOString(), worktree: process.cwd(), token: `${process.pid}-${threadId}-${randomBytes(6).toString("hex")}`,
    };
    const deadline = Deadline.in(options.waitMs, `the lease on appliance ${appliance}`);
    for (let i = 0; ; i++) {
      const holder = tryTake(file, me);
      if (holder === null) {
        const lease = new Lease(appliance, file, me);
        held.set(appliance, { lease, count: 1 });
        return lease;
      }
      if (deadline.expired) throw new LeaseBusyError(appliance, holder, options.waitMs, deadline.elapsed);
      await new Promise((r) => setTimeout(r, Math.min(POLL_BACKOFF_MS[Math.min(i, POLL_BACKOFF_MS.length - 1)]!, deadline.remaining)));
    }
  }

  /** Who holds the lease on `appliance` now (null: free, or held by a dead process). */
  static holder(appliance: string, dir = LEASE_DIR): LeaseHolder | null {
    const h = readHolder(join(dir, `${appliance}.lease`));
    return h && !isStale(h) ? h : null;
  }

  /** Give the lease back (the last of this process's takes removes the lock file). */
  release(): void {
    const mine = held.get(this.appliance);
    if (!mine || mine.lease !== this) return;
    if (--mine.count > 0) return;
    held.delete(this.appliance);
    this.removeFile();
  }

  /** Remove the lock file if it is still ours. */
  removeFile(): void {
    if (readHolder(this.file)?.token === this.holder.token) unlinkSync(this.file);
  }
}

/** One attempt: null when `me` now holds the lock, else the live holder. Breaks a stale lock first. */
function tryTake(file: string, me: LeaseHolder): LeaseHolder | null {
  const tmp = `${file}.${me.token}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(me)}\n`, { mode: 0o644 });
  try {
    linkSync(tmp, file); // atomic: fails with EEXIST while another lock is in place
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(tmp);
  }
  const now = readHolder(file);
  if (now?.token === me.token) return null; // re-checked after taking: the lock in place is ours
  if (now === null) return tryTake(file, me); // released between the link and the read
  if (!isStale(now)) return now;
  breakStale(file, now);
  return tryTake(file, me);
}

/** Remove a stale lock, serialised by a breaker lock (O_EXCL) so that no breaker removes a lock taken meanwhile. */
function breakStale(file: string, stale: LeaseHolder): void {
  const breaker = `${file}.break`;
  let fd: number;
  try {
    fd = openSync(breaker, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const pid = Number(readFileSync(breaker, "utf8").trim() || 0);
    if (pid && startTimeOf(pid) === null) {
      // A breaker that died mid-way: move its lock aside (rename is atomic) so exactly one of us removes it.
      try {
        renameSync(breaker, `${breaker}.${process.pid}`);
        unlinkSync(`${breaker}.${process.pid}`);
      } catch {
        // another taker cleaned it
      }
    }
    return;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
    if (readHolder(file)?.token === stale.token) unlinkSync(file);
  } finally {
    closeSync(fd);
    unlinkSync(breaker);
  }
}

/** How long to wait for a lease: HIL_LEASE_WAIT seconds when set, else `budgetMs` (the run's budget). */
export function leaseWaitMs(budgetMs: number, env = process.env.HIL_LEASE_WAIT): number {
  if (env === undefined || env.trim() === "") return budgetMs;
  const s = Number(env);
  if (!Number.isFinite(s) || s < 0) throw new DutError(`HIL_LEASE_WAIT=${JSON.stringify(env)}: expected a number of seconds >= 0`);
  return Math.round(s * 1000);
}
