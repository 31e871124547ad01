// Declares the tests of one manual section from the catalogue, each labelled with the section it verifies.
import type { Section } from "../fixtures/manual/index.ts";
import { applianceNamed, loadInventory, parseSelector } from "../harness/dut/index.ts";
import { verifies } from "../harness/report/allure.ts";
import { scenariosOf } from "./catalogue.ts";
import { describe, test } from "./fixtures.ts";

let hardwareModel: Promise<string | null> | undefined;

/** The model of the selected hardware appliance (from the inventory), or null for the twin (it runs either model). */
export function selectedHardwareModel(): Promise<string | null> {
  const sel = parseSelector();
  if (sel.kind === "twin") return Promise.resolve(null);
  return (hardwareModel ??= loadInventory(sel.file).then((inv) => applianceNamed(inv, sel.name).model));
}

/** One `describe` per section, one test per scenario; each runs against a clean DUT (HIL_DUT, twin by default).
 *  A hardware appliance of the other model skips the scenarios written for the other model (said in the report). */
export function section(title: Section): void {
  describe(title, () => {
    for (const sc of scenariosOf(title)) {
      test(sc.behaviour, async ({ rig, skip }) => {
        const wanted = sc.spec?.model ?? "current";
        const model = await selectedHardwareModel();
        if (model !== null && model !== wanted) return skip(`needs a ${wanted} model appliance; the selected one is ${model}`);
        await verifies(title, sc.behaviour);
        const s = await rig.open(sc.spec);
        await sc.run(s);
      });
    }
  });
}
