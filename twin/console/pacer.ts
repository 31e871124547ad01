// Output at the line rate: 9600 baud 8N2 is 11 bits per character (about 873 characters a second).
import type { Writable } from "node:stream";

/** Bits on the wire per character at 8N2 (start, 8 data, 2 stop). */
export const BITS_PER_CHAR = 11;
export const BAUD = 9600;

/** Writes to a stream no faster than the serial line would (or at once when unpaced). */
export class Pacer {
  private queue: Buffer[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  private credit = 0;
  private last = performance.now();
  private readonly charsPerMs: number;
  private idleWaiters: Array<() => void> = [];

  /** `timeScale` < 1 speeds the line up (0.01 = 100x); `paced` false writes at once. */
  constructor(private readonly out: Writable, private readonly paced: boolean, timeScale: number) {
    this.charsPerMs = BAUD / BITS_PER_CHAR / 1000 / timeScale;
  }

  /** Queue `text` for the line. */
  write(text: string): void {
    if (!text) return;
    if (!this.paced) {
      this.out.write(text);
      return;
    }
    const buf = Buffer.from(text, "latin1");
    this.queue.push(buf);
    this.queued += buf.length;
    if (!this.timer) {
      this.last = performance.now();
      this.credit = 1;
      this.pump();
    }
  }

  /** Drop anything not yet on the wire (power cut). */
  discard(): void {
    this.queue = [];
    this.queued = 0;
  }

  /** Characters waiting for the line. */
  get backlog(): number {
    return this.queued;
  }

  /** Resolves when everything queued is on the wire. */
  idle(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    this.timer = null;
    const now = performance.now();
    this.credit = Math.min(this.credit + (now - this.last) * this.charsPerMs, Math.max(64, this.charsPerMs * 50));
    this.last = now;
    let n = Math.floor(this.credit);
    while (n > 0 && this.queue.length) {
      const head = this.queue[0]!;
      const take = Math.min(n, head.length);
      this.out.write(head.subarray(0, take));
      if (take === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(take);
      this.queued -= take;
      this.credit -= take;
      n -= take;
    }
    if (this.queued > 0) {
      const wait = Math.max(1, (1 - (this.credit % 1)) / this.charsPerMs);
      this.timer = setTimeout(() => this.pump(), Math.min(Math.max(wait, 4), 50));
    } else {
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}
