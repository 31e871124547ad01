// Scaled timers of the firmware: every duration is in appliance milliseconds, multiplied by --time-scale.
// All pending timers are cancelled together when the power goes.

/** A cancel function for one scheduled callback. */
export type Cancel = () => void;

/** Timers that run `timeScale` times as long as the appliance's durations, and can all be dropped at once. */
export class Timers {
  private pending = new Set<NodeJS.Timeout>();
  private dead = false;

  constructor(readonly timeScale: number) {}

  /** Call `fn` after `ms` appliance milliseconds, but never sooner than `minRealMs` real milliseconds. */
  after(ms: number, fn: () => void, minRealMs = 0): Cancel {
    if (this.dead) return () => undefined;
    const t = setTimeout(() => {
      this.pending.delete(t);
      if (!this.dead) fn();
    }, Math.max(0, minRealMs, Math.round(ms * this.timeScale)));
    this.pending.add(t);
    return () => {
      clearTimeout(t);
      this.pending.delete(t);
    };
  }

  /** A promise resolved after `ms` appliance milliseconds (never, once disposed). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  /** True once the power went: nothing scheduled runs any more. */
  get disposed(): boolean {
    return this.dead;
  }

  /** Cancel everything (power off or cut). */
  dispose(): void {
    this.dead = true;
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
