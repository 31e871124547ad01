// Network conditions mapped onto the oracle's error ids, whose texts the home screen shows (manual:
// Appliance Network Errors). curl's exit codes become conditions in twin/network/platform.ts.
import { errorFor, type NetworkCondition } from "../../fixtures/manual/index.ts";

/** An oracle error id (fixtures/manual errors[].id). */
export type ErrorId = string;

/** The oracle's error id for a condition. */
export function errorId(condition: NetworkCondition): ErrorId {
  return errorFor(condition).id;
}

