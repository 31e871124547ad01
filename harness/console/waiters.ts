// Waiting for screen states: resolved from the parse loop, never by sleeping.
import type { Lcd } from "./lcd.ts";

/** One pending wait: a condition on the LCD, an optional wire-quiet requirement, a deadline timer. */
interface Waiter {
  cond: (lcd: Lcd) => boolean;
  quietMs: number;
  resolve: (lcd: Lcd) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  quietTimer?: NodeJS.Timeout;
  quietImmediate?: NodeJS.Immediate;
}

/** Timers fire up to ~1 ms late (the loop clock has ms granularity): the last stretch is checked every loop turn. */
const FINE_MS = 1.5;

/** The live view a WaitSet checks against. */
export interface WaitSource {
  current(): Lcd;
  /** performance.now() of the last byte received. */
  lastRxAt(): number;
  /** True while received bytes are not yet parsed. */
  parsing(): boolean;
}

/** Outcome of a wait that ran out of time (not an error by itself: callers build the typed error). */
export class WaitTimeout extends Error {
  override readonly name = "WaitTimeout";
}

/** The set of pending waits of one console. */
export class WaitSet {
  private readonly waiters = new Set<Waiter>();
  constructor(private readonly src: WaitSource) {}

  /** Resolve when `cond` holds and the wire has been quiet `quietMs`; reject with WaitTimeout after `ms`. */
  wait(cond: (lcd: Lcd) => boolean, ms: number, quietMs = 0): Promise<Lcd> {
    return new Promise<Lcd>((resolve, reject) => {
      const w: Waiter = { cond, quietMs, resolve, reject, timer: setTimeout(() => this.finish(w, new WaitTimeout("timeout")), ms) };
      this.waiters.add(w);
      this.check(w);
    });
  }

  /** Re-check every waiter (called after each parsed chunk). */
  changed(): void {
    for (const w of this.waiters) this.check(w);
  }

  /** Reject every waiter with `err` (the link died or the console closed). */
  failAll(err: Error): void {
    for (const w of this.waiters) this.finish(w, err);
  }

  private check(w: Waiter): void {
    clearTimeout(w.quietTimer);
    if (w.quietImmediate) clearImmediate(w.quietImmediate);
    if (this.src.parsing() || !w.cond(this.src.current())) return;
    const quietLeft = w.quietMs - (performance.now() - this.src.lastRxAt());
    if (quietLeft <= 0) return this.finish(w, this.src.current());
    if (quietLeft > FINE_MS) w.quietTimer = setTimeout(() => this.check(w), quietLeft - 1);
    else w.quietImmediate = setImmediate(() => this.check(w));
  }

  private finish(w: Waiter, outcome: Lcd | Error): void {
    if (!this.waiters.delete(w)) return;
    clearTimeout(w.timer);
    clearTimeout(w.quietTimer);
    if (w.quietImmediate) clearImmediate(w.quietImmediate);
    if (outcome instanceof Error) w.reject(outcome);
    else w.resolve(outcome);
  }
}
