// Start a service program inside a namespace in its own process group, wait until it is ready, stop it for good.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, open, rm, writeFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { isOwnedPrefix } from "../util/owner.ts";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { badContext, startFailed } from "./errors.ts";
import { describeGroup, tail } from "./proc.ts";
import type { RunningService, ServiceContext } from "./types.ts";

export interface SpawnSpec {
  kind: string;
  ctx: ServiceContext;
  command: string;
  args: readonly string[];
  /** The service's own log (shown when start fails). */
  logFile: string;
  /** True once the service is ready; polled with backoff until `deadline`. */
  ready: (pid: number) => Promise<boolean> | boolean;
  /** What readiness means, for the timeout message (e.g. "UDP port 67 bound"). */
  readyWhat: string;
  /** A failure the program reported but does not exit for (squid keeps running when listen() fails): its words,
   *  or undefined. Polled with `ready`; a reason ends the start at once instead of at the deadline. */
  refused?: (pid: number) => Promise<string | undefined>;
  deadline?: Deadline;
  /** Signal for stop(); squid gets SIGKILL (a graceful stop takes seconds). */
  stopSignal?: NodeJS.Signals;
  env?: NodeJS.ProcessEnv;
  /** Paths outside `ctx.dir` the program uses (a container runner mounts them at the same path; a process sees them anyway). */
  mounts?: readonly { path: string; readOnly?: boolean }[];
}

/** Environment variable carrying the owner prefix into every service process, so a sweeper can prove ownership. */
export const OWNER_ENV = "HIL_OWNER";

/** How long stop() waits, after SIGKILL, for the group to vanish and the exit to reach the harness. */
const STOP_WAIT_MS = 10_000;

/** Path of the pid file of service `kind` in `dir`; the sweeper kills the process group it names. */
export const pidFileOf = (dir: string, kind: string) => join(dir, `${kind}.pid`);

/** Spawn `command` in `ctx.ns` (ip netns exec), record its pid, and resolve once `ready` holds. */
export async function spawnService(spec: SpawnSpec): Promise<RunningService> {
  const { kind, ctx } = spec;
  checkContext(kind, ctx);
  if (ctx.runner) return ctx.runner.spawn(spec);
  const deadline = spec.deadline ?? Deadline.in(10_000, `${kind} ready`);
  await mkdir(ctx.dir, { recursive: true });
  const outFile = join(ctx.dir, `${kind}.out`);
  const pidFile = pidFileOf(ctx.dir, kind);
  const out = await open(outFile, "a");
  const started = performance.now();
  let child: ChildProcess;
  try {
    child = spawn("ip", ["netns", "exec", ctx.ns, spec.command, ...spec.args], {
      detached: true,
      stdio: ["ignore", out.fd, out.fd],
      env: { ...(spec.env ?? process.env), [OWNER_ENV]: ctx.prefix },
    });
    await new Promise<void>((resolve, reject) => child.once("spawn", resolve).once("error", reject));
  } catch (error) {
    throw startFailed(kind, ctx.ns, `spawn of ${spec.command} failed`, "", error);
  } finally {
    await out.close();
  }
  const pid = child.pid!;
  child.unref();
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`)),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  await writeFile(pidFile, `${pid}\n`);

  const stop = once(async () => {
    if (!gone) signalGroup(pid, spec.stopSignal ?? "SIGTERM");
    const grace = Deadline.in(3_000, `${kind} exit`);
    await Promise.race([exited, pollUntil(() => (gone ? true : undefined), grace).catch(() => undefined)]);
    signalGroup(pid, "SIGKILL");
    // A killed process can sit in the kernel's exit path for seconds while its namespaces are torn down on a busy host.
    const all = Deadline.in(STOP_WAIT_MS, `${kind} process group ${pid} gone`);
    let seen = "";
    await pollUntil(
      async () => {
        seen = await describeGroup(pid);
        return seen === "no live member" && gone ? true : undefined;
      },
      all,
      {
        what: `exit of every process of ${kind} (group ${pid})`,
        describeLast: () => `${seen || "nothing"}; exit of ${kind} itself ${gone ? "reported" : "not yet reported"} to the harness`,
      },
    );
    await rm(pidFile, { force: true });
  });
  // After a failed start, the start's own cause comes first; trouble stopping the remains is added to it.
  const stopAfterFailure = () => stop().then(() => "", (error: Error) => `\nstopping what was left also failed: ${error.message}`);

  const failure = exited.then((how) => ({ failed: how, refused: undefined }));
  const readiness = pollUntil(readinessProbe(spec, pid, () => gone), deadline, {
    what: `${kind} ready (${spec.readyWhat})`,
  }).then((r) => ({ failed: undefined, refused: r.refused }));
  let result: { failed: string | undefined; refused: string | undefined };
  try {
    result = await Promise.race([readiness, failure]);
  } catch (error) {
    const trouble = await stopAfterFailure();
    const log = [await tail(spec.logFile), await tail(outFile)].join("\n");
    throw startFailed(kind, ctx.ns, `${(error as Error).message}${trouble}`, log, error);
  }
  if (result.refused !== undefined && !gone) {
    const trouble = await stopAfterFailure();
    const log = [await tail(spec.logFile), await tail(outFile)].join("\n");
    throw startFailed(kind, ctx.ns, `${refusedWords(result.refused)}${trouble}`, log);
  }
  if (result.failed !== undefined || gone) {
    const trouble = await stopAfterFailure();
    const log = [await tail(spec.logFile), await tail(outFile)].join("\n");
    throw startFailed(kind, ctx.ns, `the process ended (${result.failed ?? (await exited)}) before it was ready${trouble}`, log);
  }
  return { kind, pid, dir: ctx.dir, logFile: spec.logFile, pidFile, readyMs: performance.now() - started, stop };
}

/** A probe for pollUntil: `{}` once the program is ready or gone, `{refused}` once it reported a failure it stays
 *  running after (see SpawnSpec.refused), undefined while neither. */
export function readinessProbe(spec: SpawnSpec, pid: number, gone: () => boolean): () => Promise<{ refused?: string } | undefined> {
  return async () => {
    if (gone()) return {};
    const refused = await spec.refused?.(pid);
    if (refused !== undefined) return { refused };
    return (await spec.ready(pid)) ? {} : undefined;
  };
}

/** The reason of a start that ended because the program reported a failure while still running. */
export const refusedWords = (refused: string) => `it reported a failure it keeps running after, so it was stopped: ${refused}`;

/** Throw a clear error unless `ctx` has an absolute dir, a plausible namespace name and an owner prefix. */
export function checkContext(kind: string, ctx: ServiceContext): void {
  if (!isAbsolute(ctx.dir)) throw badContext(kind, "dir", "an absolute path", ctx.dir);
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(ctx.ns)) throw badContext(kind, "ns", "a namespace name", ctx.ns);
  if (!isOwnedPrefix(ctx.prefix)) throw badContext(kind, "prefix", "an owner prefix like hil1a2b3", ctx.prefix);
}

/** Send `signal` to every process of group `pgid`; an already-gone group is fine. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Wrap `fn` so that every call after the first returns the first call's promise. */
export function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
