// The rig checked once before the first scenario: HIL_DUT, the inventory and the appliance's tty (and HIL_RERUNS). A mistake there is
// a SetupError that stops the run with one clear message, never a scenario's failure counted against the firmware.
import { applianceNamed, loadInventory, parseSelector } from "../dut/index.ts";
import { poolMembers } from "../dut/pool.ts";
import { ttyProblem } from "../dut/tty.ts";
import { SetupError } from "./outcome.ts";
import { rerunsAllowed } from "./rerun.ts";

/** What is wrong with the rig HIL_DUT selects (`env`), or null when the suite can start. */
export async function setupProblem(env: NodeJS.ProcessEnv = process.env): Promise<SetupError | null> {
  const where = `HIL_DUT=${JSON.stringify(env.HIL_DUT ?? "twin")}`;
  try {
    rerunsAllowed(env);
  } catch (error) {
    return new SetupError((error as Error).message, undefined, { cause: error });
  }
  try {
    const sel = parseSelector(env.HIL_DUT ?? "twin", env.HIL_INVENTORY ?? "lab.yaml");
    if (sel.kind === "twin") return null;
    const inventory = await loadInventory(sel.file);
    // A pool (FILE:A,B or FILE:*): every member must be there.
    for (const appliance of sel.pool ? poolMembers(inventory, sel.pool) : [applianceNamed(inventory, sel.name)]) {
      const tty = await ttyProblem(appliance.name, appliance.tty);
      if (tty) return new SetupError(`${where}: ${tty}`);
    }
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return new SetupError(message.startsWith("HIL_DUT=") ? message : `${where}: ${message}`, undefined, { cause: error });
  }
}
