// A monotonic deadline passed down through the layers instead of durations.
export class Deadline {
  readonly startedAt: number;
  readonly at: number;

  private constructor(readonly ms: number, readonly what: string) {
    this.startedAt = performance.now();
    this.at = this.startedAt + ms;
  }

  /** A deadline `ms` milliseconds from now; `what` names what is awaited, for error messages. */
  static in(ms: number, what = "operation"): Deadline {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Expected a deadline of >= 0 ms for ${what}, got ${ms}`);
    return new Deadline(ms, what);
  }

  get remaining(): number {
    return Math.max(0, this.at - performance.now());
  }

  get expired(): boolean {
    return performance.now() >= this.at;
  }

  get elapsed(): number {
    return performance.now() - this.startedAt;
  }

  /** The smaller of this deadline and one `ms` from now. */
  within(ms: number, what = this.what): Deadline {
    return Deadline.in(Math.min(ms, this.remaining), what);
  }
}

export class DeadlineError extends Error {
  override readonly name = "DeadlineError";
  constructor(message: string, readonly lastSeen?: unknown, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Backoff steps for polling, in ms: fast first, then settle at one second. */
export const POLL_BACKOFF_MS = [0, 20, 100, 250, 500, 1000] as const;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Poll `probe` until it returns a value other than undefined, or throw a DeadlineError that says
 * what was awaited, for how long, and what was last seen (`describe` turns the last probe result into text).
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  deadline: Deadline,
  options: { what?: string; describeLast?: () => string; steps?: readonly number[] } = {},
): Promise<T> {
  const steps = options.steps ?? POLL_BACKOFF_MS;
  let lastError: unknown;
  for (let i = 0; ; i++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (deadline.expired) {
      const what = options.what ?? deadline.what;
      const last = options.describeLast?.() ?? (lastError instanceof Error ? lastError.message : "nothing");
      throw new DeadlineError(
        `Timed out after ${Math.round(deadline.elapsed)} ms waiting for ${what}; last seen: ${last}`,
        last,
        lastError ? { cause: lastError } : undefined,
      );
    }
    const step = steps[Math.min(i, steps.length - 1)] ?? 1000;
    await pause(Math.min(step, deadline.remaining));
  }
}
