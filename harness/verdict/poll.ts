// Polling verdicts (as Playwright's expect.poll): the final comparison of a scenario reads until the expected state
// shows or the deadline passes, keeping every distinct reading; then a Deviation with expected, shown and readings.
import { Deadline, POLL_BACKOFF_MS } from "../../netns/util/deadline.ts";
import { Deviation, type Comparison, type Evidence } from "./outcome.ts";

/** One polling comparison. */
export interface PollSpec<T> {
  readonly device: string;
  readonly step: string;
  /** What is expected, in words (or the manual's screen text, then set `expectedText` too). */
  readonly expected: string;
  readonly expectedText?: string;
  readonly manual?: Comparison["manual"];
  /** Read the current value (a throw counts as a reading of its message). */
  readonly read: () => Promise<T> | T;
  /** True when the reading is the expected state. */
  readonly accept: (value: T) => boolean;
  /** The reading as text ('LAN DNS server not reachable'); its screen text when it is one. */
  readonly show: (value: T) => { shown: string; shownText?: string };
  readonly deadline: Deadline;
  readonly evidence: () => Evidence;
  readonly steps?: readonly number[];
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll until `accept` holds (returns the reading) or the deadline passes (throws a Deviation naming every distinct
 *  reading with its time). At least one reading is always taken. */
export async function expectPoll<T>(spec: PollSpec<T>): Promise<T> {
  const steps = spec.steps ?? POLL_BACKOFF_MS;
  const readings: string[] = [];
  let last: { shown: string; shownText?: string } = { shown: "nothing (no reading)" };
  for (let i = 0; ; i++) {
    let shownNow: { shown: string; shownText?: string };
    try {
      const value = await spec.read();
      if (spec.accept(value)) return value;
      shownNow = spec.show(value);
    } catch (error) {
      shownNow = { shown: `no reading: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
    }
    if (shownNow.shown !== last.shown) readings.push(`${(spec.deadline.elapsed / 1000).toFixed(3)}s ${shownNow.shown}`);
    last = shownNow;
    if (spec.deadline.expired) {
      throw new Deviation({
        device: spec.device,
        step: `${spec.step} (polled ${(spec.deadline.elapsed / 1000).toFixed(1)} s)`,
        expected: spec.expected,
        shown: last.shown,
        ...(spec.expectedText !== undefined ? { expectedText: spec.expectedText } : {}),
        ...(last.shownText !== undefined ? { shownText: last.shownText } : {}),
        ...(spec.manual ? { manual: spec.manual } : {}),
        readings,
      }, spec.evidence());
    }
    await pause(Math.min(steps[Math.min(i, steps.length - 1)] ?? 1000, spec.deadline.remaining));
  }
}
