// A console that goes silent mid-scenario: that scenario fails with its evidence; the next one starts by power-cycling
// the appliance (the strategy's recovery) and passes on an appliance that answers again.
import type { Scenario } from "../scenario.ts";
import { scenarioGroup } from "../section.ts";
import { silenceConsole } from "./faults.ts";

const base = { section: "Navigating the Appliance UI", catches: null, why: "a proof of recovery, not of the firmware" } as const;
const list: Scenario[] = [
  {
    ...base, id: "silent", behaviour: "the appliance goes silent in the middle of a scenario",
    run: async (s) => {
      await s.ui.reach("home");
      await silenceConsole();
      await s.ui.select(["SETUP NETWORK"]);
    },
  },
  {
    ...base, id: "after-silent", behaviour: "the next scenario runs on the recovered appliance",
    run: async (s) => {
      if (!s.started?.recovered) throw new Error(`expected the start to power-cycle the silent appliance, but it answered (start: ${JSON.stringify(s.started)})`);
      await s.ui.select(["SETUP NETWORK"]);
      await s.ui.reach("home");
    },
  },
];
scenarioGroup("recovery from a silent console", "Navigating the Appliance UI", list);
