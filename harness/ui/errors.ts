// User-facing errors of the UI driver, built in one place.
import { describeState, type UiState } from "./state.ts";

/** The appliance did something other than the manual says (the verdict of a failed check). */
export class DeviationError extends Error {
  override readonly name = "DeviationError";
  constructor(readonly device: string, readonly step: string, readonly expected: string, readonly shown: string, options?: ErrorOptions) {
    super(`${device}: deviation from the manual at ${step}: expected ${expected}, shown ${shown}`, options);
  }
}

/** A deviation from an expected state description and the state seen. */
export function deviation(device: string, step: string, expected: string, seen: UiState | string, cause?: unknown): DeviationError {
  return new DeviationError(device, step, expected, typeof seen === "string" ? seen : describeState(seen), cause ? { cause } : undefined);
}

/** The strategy could not bring the appliance to the wanted state; later calls fail at once with this. */
export class StrategyError extends Error {
  override readonly name = "StrategyError";
  constructor(readonly device: string, readonly target: string, readonly why: string, options?: ErrorOptions) {
    super(`${device}: cannot bring the appliance to ${target}: ${why}`, options);
  }
}

/** The appliance did not answer and its power cycle did not bring it back (the power driver failed, or it still did
 *  not answer after the boot): it stays broken until someone looks at it; the suite skips its remaining scenarios
 *  with this cause. */
export class RecoveryFailed extends StrategyError {
  readonly recovery = "failed";
}

/** A later call after the strategy failed. */
export function strategyBroken(device: string, first: StrategyError): StrategyError {
  return new StrategyError(device, first.target, `an earlier step failed and the appliance state is unknown (${first.why})`, { cause: first });
}

/** The start a scenario asks for cannot be produced on this appliance by any means the manual gives (a limit of the
 *  rig, not a deviation of the firmware): the scenario is skipped with `reason`. The strategy stays usable. */
export class StartUnavailable extends Error {
  override readonly name = "StartUnavailable";
  constructor(readonly device: string, readonly target: string, readonly reason: string) {
    super(`${device}: cannot bring the appliance to ${target}: ${reason}`);
  }
}
