// Steps: what the UI driver and the checks did, one step per action or check, each with the screen it left. Where
// they go is injected (the allure report in a scenario: allure.ts `allureSteps`); outside a test (the CLI, a bench)
// nothing is reported and nothing needs a test runner.

/** Inside one running step: what it may record beside its nested steps. */
export interface StepScope {
  /** A named value shown with the step (the key pressed, the state awaited). */
  parameter(name: string, value: string): void;
  /** The screen at this point of the step, as text. */
  screen(text: string): void;
}

/** One check, made and judged by the caller: what the manual says should be shown, and what was. */
export interface CheckReport {
  readonly expected: string;
  readonly shown: string;
  readonly ok: boolean;
  /** The screen when the check was made. */
  readonly screen?: string;
}

/** Where steps are reported. */
export interface StepReporter {
  /** Run `body` as a step named `name`: the steps it starts nest inside; the step fails when `body` throws (rethrown). */
  step<T>(name: string, body: (scope: StepScope) => Promise<T>): Promise<T>;
  /** A finished check as a step of its own, passed or failed (synchronous: checks are; it never throws). */
  check(name: string, report: CheckReport): void;
}

const silentScope: StepScope = { parameter() {}, screen() {} };

/** Reports nothing (the default outside a test). */
export const noSteps: StepReporter = {
  step: (_name, body) => body(silentScope),
  check() {},
};
