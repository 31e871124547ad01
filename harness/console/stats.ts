// Harness overhead: time from the last byte of a confirmed screen update to the next key leaving.

/** Summary of overhead samples, ms. */
export interface OverheadSummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

/** Collects overhead samples (bounded). */
export class OverheadStats {
  private readonly samples: number[] = [];
  constructor(private readonly limit = 10_000) {}

  /** Add one sample in ms. */
  add(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > this.limit) this.samples.shift();
  }

  /** Percentiles of the samples so far. */
  summary(): OverheadSummary {
    const s = [...this.samples].sort((a, b) => a - b);
    const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : 0);
    return { count: s.length, p50: q(0.5), p95: q(0.95), max: s.length ? s[s.length - 1]! : 0 };
  }
}
