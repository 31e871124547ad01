// vitest globalSetup: check the rig before the first test file is collected. A SetupError stops the run at once with
// its one message (what is wrong and where: HIL_DUT, the inventory file and field, the tty) and exit code 1; no test
// runs, so none can be counted against the firmware.
import { setupProblem } from "./setup.ts";

export default async function checkRig(): Promise<void> {
  const problem = await setupProblem();
  if (!problem) return;
  // The message alone (no stack, no runner noise after it): the reader has a rig to fix, not code to debug.
  process.stderr.write(`\n${problem.message}\n\n`);
  process.exit(1);
}
