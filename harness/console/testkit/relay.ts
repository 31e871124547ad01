// A console relay that applies line faults from outside the appliance, as a bad cable or adapter would: the harness
// opens the relay's end, the relay opens the appliance's console and passes bytes both ways, dropping or rewriting
// some of what the appliance sends, or dropping one key. Tests of the verdicts use it (the twin never knows).
import { SerialPort } from "serialport";
import { PtyPair } from "./pty.ts";

/** The faults one relay applies. */
export interface LineFaults {
  /** Drop every `n`th byte the appliance sends (counted from the first), from the `after`th byte on (default 1). */
  readonly dropEvery?: { readonly n: number; readonly after?: number };
  /** Replace each `from` with its `to` in what the appliance sends (a garbled word; matched across reads). */
  readonly rewrite?: readonly { readonly from: string; readonly to: string }[];
  /** Drop the `n`th key the harness sends (1-based), once. */
  readonly dropKey?: number;
}

/** What the relay did, for the test's own assertions. */
export interface RelayCounts {
  fromDevice: number;
  dropped: number;
  rewritten: number;
  keys: number;
  keysDropped: number;
}

/** One relay between the appliance's console (`device`) and the harness (`path`). Close to stop it. */
export class ConsoleRelay {
  readonly counts: RelayCounts = { fromDevice: 0, dropped: 0, rewritten: 0, keys: 0, keysDropped: 0 };
  private held = Buffer.alloc(0);

  private constructor(private readonly pty: PtyPair, private readonly harness: SerialPort, private readonly device: SerialPort, private readonly faults: LineFaults) {
    device.on("data", (chunk: Buffer) => this.fromDevice(chunk));
    harness.on("data", (chunk: Buffer) => this.fromHarness(chunk));
  }

  /** The path the harness opens (instead of the appliance's console). */
  get path(): string {
    return this.pty.dev;
  }

  /** Relay `devicePath` (the appliance's console) through a new PTY pair with `faults`. */
  static async start(devicePath: string, faults: LineFaults): Promise<ConsoleRelay> {
    const pty = await PtyPair.start();
    const open = (path: string) => new Promise<SerialPort>((resolve, reject) => {
      const port = new SerialPort({ path, baudRate: 9600, autoOpen: false, lock: false });
      port.open((err) => (err ? reject(new Error(`relay: cannot open ${path}: ${err.message}`)) : resolve(port)));
    });
    const harness = await open(pty.peer).catch(async (e: unknown) => {
      await pty.stop();
      throw e;
    });
    const device = await open(devicePath).catch(async (e: unknown) => {
      await new Promise((r) => harness.close(r));
      await pty.stop();
      throw e;
    });
    return new ConsoleRelay(pty, harness, device, faults);
  }

  private fromDevice(chunk: Buffer): void {
    let bytes = chunk;
    const rw = this.faults.rewrite;
    if (rw?.length) {
      // Hold back a tail that may be the start of a `from`, so a match split across reads is still rewritten.
      let out = Buffer.concat([this.held, bytes]).toString("latin1");
      for (const { from, to } of rw) {
        const parts = out.split(from);
        this.counts.rewritten += parts.length - 1;
        out = parts.join(to);
      }
      let keep = 0;
      for (const { from } of rw) for (let k = Math.min(from.length - 1, out.length); k > keep; k--) if (from.startsWith(out.slice(-k))) { keep = k; break; }
      this.held = Buffer.from(out.slice(out.length - keep), "latin1");
      bytes = Buffer.from(out.slice(0, out.length - keep), "latin1");
    }
    const drop = this.faults.dropEvery;
    if (drop) {
      const kept: number[] = [];
      for (const b of bytes) {
        this.counts.fromDevice++;
        if (this.counts.fromDevice >= (drop.after ?? 1) && this.counts.fromDevice % drop.n === 0) this.counts.dropped++;
        else kept.push(b);
      }
      bytes = Buffer.from(kept);
    } else this.counts.fromDevice += bytes.length;
    if (bytes.length) this.harness.write(bytes);
  }

  private fromHarness(chunk: Buffer): void {
    this.counts.keys++;
    if (this.faults.dropKey === this.counts.keys) {
      this.counts.keysDropped++;
      return;
    }
    this.device.write(chunk);
  }

  /** Stop relaying: both ports closed, the PTY pair's socat killed (idempotent). */
  async close(): Promise<void> {
    const close = (p: SerialPort) => new Promise<void>((resolve) => (p.isOpen ? p.close(() => resolve()) : resolve()));
    await close(this.device);
    await close(this.harness);
    await this.pty.stop();
  }
}
