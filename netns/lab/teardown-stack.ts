// A LIFO stack of undo steps: each runs once, every step runs even when an earlier one failed.
export class TeardownStack {
  private steps: { label: string; undo: () => Promise<void> }[] = [];
  private running: Promise<void> | undefined;
  /** Milliseconds each step took (label -> ms), for the benchmark. */
  readonly timings: Record<string, number> = {};

  /** Push an undo step; steps run last-in, first-out. */
  push(label: string, undo: () => Promise<void>): void {
    this.steps.push({ label, undo });
  }

  /** Run every step (LIFO) once; later calls return the first call's promise. Throws after all ran if any failed. */
  run(): Promise<void> {
    return (this.running ??= this.drain());
  }

  private async drain(): Promise<void> {
    const failures: string[] = [];
    const errors: unknown[] = [];
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      const started = performance.now();
      try {
        await step.undo();
        this.timings[step.label] = performance.now() - started;
      } catch (error) {
        failures.push(`${step.label}: ${error instanceof Error ? error.message : String(error)}`);
        errors.push(error);
      }
    }
    if (failures.length) throw new AggregateError(errors, `Teardown incomplete:\n  ${failures.join("\n  ")}`);
  }
}
