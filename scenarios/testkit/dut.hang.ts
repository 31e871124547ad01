// Scenarios run on the DUT HIL_DUT names (scenarios/timeout.test.ts points it at a console that never answers),
// on one reused session: the first fails with the strategy's cause (recovery failed), the second is skipped with it.
import { scenarioGroup } from "../section.ts";

const reachHome = { section: "Navigating the Appliance UI", catches: null, why: "a proof of the derived timeout", run: async (s: { ui: { reach(t: "home"): Promise<unknown> } }) => void (await s.ui.reach("home")) } as const;
scenarioGroup("a DUT that does not answer", "Navigating the Appliance UI", [
  { ...reachHome, id: "hang", behaviour: "the home screen is reached" },
  { ...reachHome, id: "hang-again", behaviour: "the home screen is reached again" },
], { reuse: true });
