// The shape of one certification scenario, shared by the catalogue and its per-area fragments (scenarios/catalogue/).
import type { Section } from "../fixtures/manual/index.ts";
import type { Session, SessionSpec } from "./rig.ts";

/** One certification scenario. */
export interface Scenario {
  readonly id: string;
  readonly section: Section;
  readonly behaviour: string;
  readonly spec?: SessionSpec;
  readonly run: (s: Session) => Promise<unknown>;
  /** The twin defects that break what it checks (null: no defect in the catalogue does; `why` says so). */
  readonly catches: readonly string[] | null;
  readonly why?: string;
}

/** Scenarios that must see short-lived messages run the twin at time scale 0.05 (messages last 100 ms). */
export const SLOW: SessionSpec = { timeScale: 0.05 };

/** `spec` for a scenario whose check is about the activation itself (the ACTIVATION CODE screen, activating, a reboot
 *  completing it) or would undo an activation for good (the appliance removed from its account): it starts on a
 *  never-activated appliance. A fresh twin is one; a hardware appliance activated earlier (its platform account
 *  outlives the lab) cannot be made one again, and the scenario is skipped with the reason (strategy.ts
 *  StartUnavailable: the manual has no way to undo an activation). Scenarios that only need the platform reached or an
 *  activated appliance do not use it: their checks read the platform's record (checks/common.ts reachedPlatform,
 *  checks/platform.ts activatedAs) and run on either. */
export function neverActivated(spec: SessionSpec = {}): SessionSpec {
  return { ...spec, start: { ...spec.start, activated: false } };
}
