// The boundary where a scenario's failure gets its verdict: within the scenario's own budget (so the runner's bare
// timeout never speaks), the error is classified, labelled on the allure result and thrown as the typed outcome.
import * as allure from "allure-js-commons";
import { OUTCOME_LABEL } from "../report/allure.ts";
import { classify, timeoutOf, type Observed } from "./classify.ts";
import { LabFault, NO_EVIDENCE, type Outcome } from "./outcome.ts";

/** The scenario's budget: the runner's timeout for it and what it is. */
export interface Budget {
  readonly ms: number;
  readonly what: string;
}

/** The share of the budget kept for judging a failure (a key re-sent, the evidence read, the label written). */
export function judgingMs(budgetMs: number, keyMs: number): number {
  return Math.min(Math.max(2_000, 3 * keyMs), budgetMs / 4);
}

/** The scenario ran out of its budget: no inner wait named what it awaited (each has its own deadline, so this is
 *  a defect of the suite or an appliance that keeps talking without ever reaching the state). */
class BudgetSpent extends Error {
  override readonly name = "BudgetSpent";
}

/** Run `body`; on failure throw its outcome (labelled `outcome` on the allure result). `seen` gives the console
 *  as it is after the failure (null before one is open). */
export async function judged<T>(body: () => Promise<T>, seen: () => Observed | null, budget: Budget, keyMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const spent = new Promise<never>((_, reject) => {
    const ms = budget.ms - judgingMs(budget.ms, keyMs);
    timer = setTimeout(() => reject(new BudgetSpent(`${budget.what}: the scenario's budget of ${(budget.ms / 1000).toFixed(1)} s ran out`)), ms);
  });
  try {
    return await Promise.race([body(), spent]);
  } catch (error) {
    const outcome = error instanceof BudgetSpent ? await budgetOutcome(error, seen(), budget, budget.ms - judgingMs(budget.ms, keyMs)) : await classify(error, seen());
    await labelOutcome(outcome);
    throw outcome;
  } finally {
    clearTimeout(timer);
  }
}

/** The budget ran out while the scenario still waited: judged as any wait that ran out (silence probed, the screen
 *  named against the manual). */
async function budgetOutcome(error: BudgetSpent, seen: Observed | null, budget: Budget, waitedMs: number): Promise<Outcome> {
  if (!seen) return new LabFault("the rig did not open the session within the scenario's budget", error.message, NO_EVIDENCE, { cause: error });
  return timeoutOf(`the end of the scenario (${error.message})`, seen.lcdText(), waitedMs, seen, error);
}

/** The allure result's `outcome` label (read back by the certification summary). */
export async function labelOutcome(outcome: Outcome): Promise<void> {
  await allure.label(OUTCOME_LABEL, outcome.kind);
}
