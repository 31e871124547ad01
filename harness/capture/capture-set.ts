// Several captures started and stopped together (e.g. a DUT's LAN and WAN), decoded into one time-ordered list.
import { join } from "node:path";
import { Deadline } from "../../netns/util/deadline.ts";
import { Capture } from "./capture.ts";
import { CaptureError } from "./errors.ts";
import type { Frame } from "./frame.ts";
import type { DecodeOptions } from "./options.ts";

/** One capture point of a set: `name` becomes the pcap file name (`<dir>/<name>.pcap`). */
export interface CapturePoint {
  name: string;
  ns: string;
  iface: string;
  filter?: string;
}

/** Captures that start, stop and decode together; `frames()` merges them by time, each frame tagged with its iface. */
export class CaptureSet implements AsyncDisposable {
  private constructor(readonly captures: readonly Capture[]) {}

  /** Start one capture per point in `dir`; if any fails, the ones already started are stopped and the error rethrown. */
  static async start(points: readonly CapturePoint[], dir: string, deadline: Deadline): Promise<CaptureSet> {
    const names = new Set<string>();
    for (const p of points) {
      if (!/^[A-Za-z0-9_.-]+$/.test(p.name)) throw new CaptureError(`Expected capture point name to be a file-name-safe word, got ${JSON.stringify(p.name)}`);
      if (names.has(p.name)) throw new CaptureError(`Capture point name "${p.name}" is used twice`);
      names.add(p.name);
    }
    const started: Capture[] = [];
    try {
      for (const p of points) {
        const { name, ...where } = p;
        started.push(await Capture.start({ ...where, file: join(dir, `${name}.pcap`), deadline }));
      }
    } catch (error) {
      await Promise.allSettled(started.map((c) => c.stop()));
      throw error;
    }
    return new CaptureSet(started);
  }

  /** The capture on interface `iface`. */
  on(iface: string): Capture {
    const cap = this.captures.find((c) => c.options.iface === iface);
    if (!cap) throw new CaptureError(`No capture on ${iface}; this set captures on ${this.captures.map((c) => c.options.iface).join(", ")}`);
    return cap;
  }

  /** Stop every capture (idempotent); returns the pcap paths. */
  async stop(): Promise<string[]> {
    const results = await Promise.allSettled(this.captures.map((c) => c.stop()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    return this.captures.map((c) => c.file);
  }

  /** Decode every capture and merge the frames by capture time (stable for equal times). */
  async frames(options: Omit<DecodeOptions, "iface" | "live"> = {}): Promise<Frame[]> {
    const lists = await Promise.all(this.captures.map((c) => c.frames(options)));
    return lists.flat().sort((a, b) => a.time - b.time);
  }

  /** Throw unless every capture is stopped and dropped nothing. */
  assertComplete(): void {
    for (const c of this.captures) c.assertComplete();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** Start captures on several interfaces at once (see CaptureSet). */
export const startCaptures = (points: readonly CapturePoint[], dir: string, deadline: Deadline) => CaptureSet.start(points, dir, deadline);
