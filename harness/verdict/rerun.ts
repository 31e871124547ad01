// Reruns of an inconclusive scenario. A line fault, a lab fault or an appliance that stopped answering says nothing
// about the firmware: the scenario is run again on a fresh session (by default once), and each earlier attempt stays
// in the report with its outcome and evidence. A deviation is never rerun: a firmware that deviates now and then
// deviates.
import * as allure from "allure-js-commons";
import { Outcome, type OutcomeKind } from "./outcome.ts";

/** The label on a result for each attempt that was rerun: "attempt N: <its headline>" (read back by the record). */
export const RERUN_LABEL = "rerun";

/** The outcomes worth another attempt: none of them is a verdict on the firmware. A setup error is not among them:
 *  the rig stays wrong however often it runs. */
export const RERUN_KINDS: ReadonlySet<OutcomeKind> = new Set(["line-fault", "lab-fault", "unresponsive"]);

/** The most reruns HIL_RERUNS may ask for. */
export const MAX_RERUNS = 3;

/** How many times an inconclusive scenario is run again: HIL_RERUNS (0 to 3), default 1. */
export function rerunsAllowed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HIL_RERUNS;
  if (raw === undefined || raw.trim() === "") return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > MAX_RERUNS) throw new RangeError(`HIL_RERUNS: expected a whole number 0 to ${MAX_RERUNS} (how many times an inconclusive scenario is run again), found ${JSON.stringify(raw)}`);
  return n;
}

/** True for an outcome that another attempt may turn into a verdict. */
export function rerunnable(error: unknown): error is Outcome {
  return error instanceof Outcome && RERUN_KINDS.has(error.kind);
}

/** Record attempt `attempt`'s inconclusive outcome on the running test before it is run again: a label with the
 *  headline and the whole message as an attachment; returns the line to say in the run's live output. */
export async function noteRerun(attempt: number, outcome: Outcome, what: string): Promise<string> {
  await allure.label(RERUN_LABEL, `attempt ${attempt}: ${outcome.headline}`);
  await allure.attachment(`attempt ${attempt} (${outcome.kind}, rerun)`, outcome.message, "text/plain");
  return `[rerun] ${what}: attempt ${attempt} was inconclusive (${outcome.kind}); running it again on a fresh session\n  ${outcome.headline}`;
}
