// Live progress of a certification run: one line per scenario as it ends (verdict, time, done/total), so a long
// run is never silent. A vitest reporter (vitest.config.ts adds it when HIL_PROGRESS_TOTAL is set).
import type { Reporter, TestCase } from "vitest/node";

/** What a line says about one ended test. */
export interface Ended {
  name: string;
  state: "passed" | "failed" | "skipped" | "pending";
  ms: number;
  /** First line of the first error (failed) or the skip note. */
  note?: string;
}

const WORD = { passed: "PASS", failed: "FAIL", skipped: "SKIP", pending: "SKIP" } as const;

/** "[certify]  3/41 PASS  Section > behaviour (12.3 s)", with the reason of a failure or skip after a dash. */
export function progressLine(done: number, total: number, t: Ended): string {
  const width = String(Math.max(total, done)).length;
  return `[certify] ${String(done).padStart(width)}/${total} ${WORD[t.state]}  ${t.name} (${(t.ms / 1000).toFixed(1)} s)${t.note ? ` - ${t.note}` : ""}`;
}

/** Prints progressLine for each test case as it ends. */
export default class ProgressReporter implements Reporter {
  private done = 0;
  private readonly total = Number(process.env.HIL_PROGRESS_TOTAL ?? "0");

  onTestCaseResult(test: TestCase): void {
    const r = test.result();
    const state = r.state;
    if (state === "skipped" && test.options.mode !== "run") return; // left out by -t or .skip: not a scenario of this run
    const note = state === "failed" ? r.errors?.[0]?.message?.split("\n")[0] : state === "skipped" ? r.note : undefined;
    this.done++;
    process.stdout.write(`${progressLine(this.done, Math.max(this.total, this.done), { name: test.fullName, state, ms: test.diagnostic()?.duration ?? 0, ...(note ? { note } : {}) })}\n`);
  }
}
