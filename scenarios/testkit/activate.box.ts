// The appliance HIL_DUT names, activated on its lasting platform account (the strategy's `activated: true` start:
// ACTIVATION CODE activated through the lab's portal; an appliance already activated stays as it is). One scenario
// per model: the one of the other model is skipped. Run by .ci/hardware-path --activated, never by the suite.
import { same } from "../checks/common.ts";
import type { Scenario } from "../scenario.ts";
import { scenarioGroup } from "../section.ts";

const activatedOn = (model: "current" | "legacy"): Scenario => ({
  id: `activate-${model}`, section: "Step 3 - Activate the Scanner Appliance", catches: null, why: "sets a box up for a run; checks nothing of the firmware",
  behaviour: `a ${model} model appliance is activated on its platform account`,
  spec: { lab: "standard", model, start: { activated: true } },
  run: async (s) => {
    const home = await s.ui.reach("home");
    same(s.ui, "home screen once activated", "home", home.kind);
  },
});

scenarioGroup("activate the appliance before a run", "Step 3 - Activate the Scanner Appliance", [activatedOn("current"), activatedOn("legacy")]);
