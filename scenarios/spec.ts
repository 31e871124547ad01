// What one scenario asks of the rig: its lab, the twin's settings, secrets to scrub, its start state. Its own module, so
// that the budget (which reads it) and the rig (which builds sessions from it) do not import each other.
import type { StartSpec } from "../harness/ui/start.ts";
import type { TopologyInput } from "../netns/topology/schema.ts";

/** What one scenario asks for. */
export interface SessionSpec {
  /** A lab preset (fixtures/labs) or a topology (a preset's variant) to build; none: the DUT alone. */
  readonly lab?: string | TopologyInput;
  /** Start the lab's services (default true). */
  readonly services?: boolean;
  /** Twin defects (twin only; a hardware DUT cannot be told to misbehave). */
  readonly defects?: readonly string[];
  /** Pace the twin's console at 9600 baud (default: unpaced, time scale 0.01). */
  readonly pace?: boolean;
  /** Twin time scale (default 0.01). Checks of short-lived messages use 0.05: at 0.01 a 20 ms message can
   *  arrive in the same read as the next screen and never be seen on its own. */
  readonly timeScale?: number;
  /** The appliance model the scenario is for (default current); the twin is started with it, hardware must be it. */
  readonly model?: "current" | "legacy";
  /** The twin's serial number (default: a fresh one over 29000 per twin); hardware has its own. */
  readonly serial?: string;
  /** Values scrubbed from transcripts as a last line of defence. */
  readonly secrets?: readonly string[];
  /** The state the scenario starts from (default: factory settings, either activation, no boot). A fresh twin
   *  is known to be there by construction; a reused or hardware appliance is read from its screens and brought there. */
  readonly start?: StartSpec;
  /** The console line between the rig and the DUT (tests of the verdicts only): given the DUT's console path, a line
   *  that relays it (applying line faults) and the path the rig opens instead. */
  readonly line?: (dutConsole: string) => Promise<{ readonly path: string; close(): Promise<void> }>;
}
