// The tcpdump process behind a capture: spawn in a namespace, wait for "listening on", stop with SIGINT/SIGKILL.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { writeFile, rm } from "node:fs/promises";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { CaptureError, messages } from "./errors.ts";
import type { CaptureOptions } from "./options.ts";

/** Counters tcpdump prints when it exits. */
export interface CaptureStats {
  captured?: number;
  receivedByFilter?: number;
  droppedByKernel?: number;
  /** Set when tcpdump had already exited on its own before stop() (e.g. its interface was deleted). */
  endedEarly?: { code: number | null; stderr: string };
}

/** A running tcpdump; `stop` is idempotent. */
export interface TcpdumpProcess {
  readonly pid: number;
  readonly pidFile: string;
  stderr(): string;
  exited(): boolean;
  stop(deadline: Deadline): Promise<CaptureStats>;
}

/** Default kernel buffer (KiB): -U --immediate-mode writes each packet at once, so bursts need room. */
export const DEFAULT_BUFFER_KIB = 16384;

/**
 * Default snaplen: every Ethernet frame whole (1522 bytes with two VLAN tags) plus the first 4 KiB of a GRO/TSO
 * super-packet. In immediate mode the kernel ring has fixed slots sized by snaplen: at 262144 a 16 MiB ring holds
 * only a few dozen packets and a burst of a few thousand frames loses most of them (measured in capture.bench.ts).
 */
export const DEFAULT_SNAPLEN = 4096;

/** Readiness is a cheap look at collected stderr, so poll it finely: start latency is what callers wait for. */
const READY_POLL_MS = [0, 5, 10, 20] as const;

/** The pid file written beside a pcap: `x.pcap` -> `x.tcpdump.pid`. */
export const pidFileFor = (pcap: string) => pcap.replace(/\.pcap$/, ".tcpdump.pid");

/**
 * tcpdump arguments: raw pcap (-w) written packet by packet (-U), no name resolution, ring size (-B) and
 * snaplen (-s) with our defaults, optional BPF filter. --immediate-mode hands each packet over at once instead of per ring block: without it the
 * packets of a block still open when SIGINT arrives are lost, and a live read lags up to a second.
 */
export function tcpdumpArgs(o: CaptureOptions): string[] {
  const args = ["-U", "--immediate-mode", "-n", "-B", String(o.bufferKiB ?? DEFAULT_BUFFER_KIB), "-s", String(o.snaplen ?? DEFAULT_SNAPLEN)];
  args.push("-w", o.file, "-i", o.iface);
  if (o.filter) args.push(o.filter);
  return args;
}

/** Start tcpdump inside `o.ns`; resolves once it is listening, or cleans up and throws. */
export async function spawnTcpdump(o: CaptureOptions): Promise<TcpdumpProcess> {
  const child = spawn("ip", ["netns", "exec", o.ns, "tcpdump", ...tcpdumpArgs(o)], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let exit: { code: number | null } | undefined;
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exitedP = new Promise<void>((resolve) => {
    child.once("close", (code) => ((exit ??= { code }), resolve()));
    child.once("error", (error) => ((stderr += `\n${error.message}`), (exit ??= { code: null }), resolve()));
  });
  /** Resolve when tcpdump has exited or after `ms`, whichever comes first. */
  const exitWithin = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exitedP, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  };
  const pid = child.pid ?? -1;
  const pidFile = pidFileFor(o.file);
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
  let stopping: Promise<CaptureStats> | undefined;

  const stop = (deadline: Deadline) =>
    (stopping ??= (async () => {
      const early = exit ? { code: exit.code, stderr } : undefined;
      if (!exit) {
        // SIGINT ends tcpdump's loop before it reads what is still in its ring: first let it catch up.
        await caughtUp(pid, deadline);
        child.kill("SIGINT");
        await exitWithin(deadline.remaining);
      }
      if (!exit) {
        child.kill("SIGKILL");
        await exitWithin(1000);
      }
      process.removeListener("exit", onExit);
      if (!exit) throw new CaptureError(messages.tcpdumpWouldNotStop(o.ns, o.iface, pid));
      await rm(pidFile, { force: true });
      return early ? { ...parseStats(stderr), endedEarly: early } : parseStats(stderr);
    })());

  try {
    await writeFile(pidFile, `${pid}\n`);
    const state = await pollUntil(() => (exit ? "exited" : /listening on/.test(stderr) ? "listening" : undefined), o.deadline, {
      what: `tcpdump on ${o.ns}:${o.iface} to say "listening on"`,
      describeLast: () => stderr.trim() || "(no output)",
      steps: READY_POLL_MS,
    });
    if (state === "exited") throw new CaptureError(messages.tcpdumpExited(o.ns, o.iface, exit?.code ?? null, stderr));
  } catch (error) {
    await stop(Deadline.in(1000, "tcpdump to stop")).catch(() => undefined);
    await rm(o.file, { force: true });
    if (error instanceof CaptureError) throw error;
    throw new CaptureError(messages.tcpdumpNotListening(o.ns, o.iface, o.deadline.elapsed, stderr), { cause: error });
  }
  return { pid, pidFile, stderr: () => stderr, exited: () => exit !== undefined, stop };
}

/** Wait (at most half of what `deadline` leaves, 2 s at most) until tcpdump `pid` sleeps in poll() on two looks in
 *  a row: its ring then holds no packet it has not written (with -U each is written as it is read; a frame waiting
 *  in the ring wakes it). A packet sent before stop() was asked for is thus in the file, also on a loaded host where
 *  tcpdump had no turn since it arrived. */
async function caughtUp(pid: number, deadline: Deadline): Promise<void> {
  const waiting = () => {
    try {
      const state = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0];
      return state === "S" && readFileSync(`/proc/${pid}/wchan`, "utf8").includes("poll");
    } catch {
      return false; // gone: nothing to wait for
    }
  };
  let looks = 0;
  await pollUntil(() => ((looks = waiting() ? looks + 1 : 0) >= 2 ? true : undefined), deadline.within(Math.min(2_000, deadline.remaining / 2)), {
    what: `tcpdump ${pid} to read what its ring holds`,
    steps: [0, 2, 5, 10, 20],
  }).catch(() => undefined);
}

/** Parse "N packets captured / received by filter / dropped by kernel" from tcpdump's exit report. */
export function parseStats(stderr: string): CaptureStats {
  const grab = (re: RegExp) => {
    const m = re.exec(stderr);
    return m ? Number(m[1]) : undefined;
  };
  return {
    captured: grab(/(\d+) packets? captured/),
    receivedByFilter: grab(/(\d+) packets? received by filter/),
    droppedByKernel: grab(/(\d+) packets? dropped by kernel/),
  };
}
