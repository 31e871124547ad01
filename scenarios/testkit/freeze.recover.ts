// A box that freezes whole (SIGSTOP: its power supply is in the same process, so no power command reaches it): the
// scenario that hung fails; the next one's recovery fails (the power cycle does not answer), which marks the
// appliance broken; the rest are skipped with that cause.
import type { Scenario } from "../scenario.ts";
import { scenarioGroup } from "../section.ts";
import { freezeBox } from "./faults.ts";

const base = { section: "Navigating the Appliance UI", catches: null, why: "a proof of recovery, not of the firmware" } as const;
const reach = async (s: Parameters<Scenario["run"]>[0]) => void (await s.ui.select(["SETUP NETWORK"]));
const list: Scenario[] = [
  {
    ...base, id: "freeze", behaviour: "the appliance freezes in the middle of a scenario",
    run: async (s) => {
      await s.ui.reach("home");
      await freezeBox();
      await s.ui.select(["SETUP NETWORK"]);
    },
  },
  { ...base, id: "after-freeze", behaviour: "the next scenario finds the appliance frozen", run: reach },
  { ...base, id: "after-broken", behaviour: "a later scenario on the broken appliance", run: reach },
  { ...base, id: "after-broken-2", behaviour: "another later scenario on the broken appliance", run: reach },
];
scenarioGroup("recovery from a frozen appliance", "Navigating the Appliance UI", list);
