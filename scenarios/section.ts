// Declares the tests of one manual section from the catalogue, each labelled with the section it verifies.
import type { Section } from "../fixtures/manual/index.ts";
import { verifies } from "../harness/report/allure.ts";
import { scenariosOf } from "./catalogue.ts";
import { describe, test } from "./fixtures.ts";

/** One `describe` per section, one test per scenario; each runs against a clean DUT (HIL_DUT, twin by default). */
export function section(title: Section): void {
  describe(title, () => {
    for (const sc of scenariosOf(title)) {
      test(sc.behaviour, async ({ rig }) => {
        await verifies(title, sc.behaviour);
        const s = await rig.open(sc.spec);
        await sc.run(s);
      });
    }
  });
}
