// startCapture(): a tcpdump capture in a namespace as a disposable object that can be stopped, decoded and queried.
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { Deadline } from "../../netns/util/deadline.ts";
import { decode } from "./decode.ts";
import { CaptureError, messages } from "./errors.ts";
import type { Frame } from "./frame.ts";
import { CaptureOptionsSchema, parseOptions, type CaptureOptions, type DecodeOptions } from "./options.ts";
import { spawnTcpdump, type CaptureStats, type TcpdumpProcess } from "./tcpdump.ts";

/** Typed state of a capture. */
export type CaptureState = "listening" | "stopped";

/** A running (then stopped) tcpdump capture; `await using cap = await startCapture(...)` stops it on scope exit. */
export class Capture implements AsyncDisposable {
  private stopped: Promise<string> | undefined;
  /** tcpdump's exit counters, once stopped. */
  stats: CaptureStats | undefined;

  private constructor(
    readonly options: CaptureOptions,
    private readonly proc: TcpdumpProcess,
  ) {}

  /** Start tcpdump per `options`; resolves once it is listening. */
  static async start(options: CaptureOptions): Promise<Capture> {
    const o = parseOptions(CaptureOptionsSchema, options, "startCapture options");
    const parent = dirname(o.file);
    if (!(await stat(parent).then((s) => s.isDirectory(), () => false))) throw new CaptureError(messages.noParentDir(o.file, parent));
    if (await access(o.file).then(() => true, () => false)) throw new CaptureError(messages.pcapExists(o.file));
    return new Capture(o, await spawnTcpdump(o));
  }

  /** Path of the pcap file. */
  get file(): string {
    return this.options.file;
  }

  /** Path of the pid file beside the pcap (removed once tcpdump has exited). */
  get pidFile(): string {
    return this.proc.pidFile;
  }

  /** tcpdump's pid. */
  get pid(): number {
    return this.proc.pid;
  }

  get state(): CaptureState {
    return this.stopped || this.proc.exited() ? "stopped" : "listening";
  }

  /** Flush and stop tcpdump (SIGINT, then SIGKILL at the deadline); idempotent; returns the pcap path. */
  stop(deadline: Deadline = Deadline.in(5000, `tcpdump on ${this.options.iface} to stop`)): Promise<string> {
    return (this.stopped ??= this.proc.stop(deadline).then((stats) => {
      this.stats = stats;
      return this.options.file;
    }));
  }

  /** Throw unless the capture is stopped, ran until stop() and tcpdump reported no packets dropped by the kernel. */
  assertComplete(): void {
    if (!this.stats) throw new CaptureError(messages.notStopped(this.options.file));
    const early = this.stats.endedEarly;
    if (early) throw new CaptureError(messages.endedEarly(this.options.ns, this.options.iface, early.code, early.stderr, this.options.file));
    const dropped = this.stats.droppedByKernel ?? 0;
    if (dropped > 0) throw new CaptureError(messages.packetsDropped(this.options.ns, this.options.iface, dropped, this.options.file));
  }

  /** Decode what has been captured so far (tcpdump -U writes each packet at once), or all of it once stopped. */
  async frames(options: Omit<DecodeOptions, "iface" | "live"> = {}): Promise<Frame[]> {
    const live = this.state === "listening";
    return decode(this.options.file, { ...options, iface: this.options.iface, live });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** Start a capture: tcpdump -U -w FILE -i IFACE inside namespace `ns`, resolved once tcpdump is listening. */
export function startCapture(options: CaptureOptions): Promise<Capture> {
  return Capture.start(options);
}
