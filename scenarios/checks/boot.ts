// System Reboot and Shutdown: boot messages in order then CONTACTING QUALYS; reboot and shutdown flows.
import { bootLines, contactingLines } from "../../fixtures/manual/index.ts";
import { cancel, runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { must, onScreen, recordUntilHome, same } from "./common.ts";

/** Power the appliance off and on: the boot messages, then the contact messages, in the manual's order. */
export async function bootSequence(s: Session): Promise<void> {
  await s.ui.reach("home");
  await s.dut.power.cut();
  await s.ui.waitState("power cut", "a dark screen", (x) => x.kind === "off", 5_000);
  await s.dut.power.on();
  const { texts } = await recordUntilHome(s);
  same(s.ui, "boot and contact messages", onScreen([...bootLines, ...contactingLines]), texts);
  s.ui.reset();
}

/** SYSTEM REBOOT: Up cancels the confirmation back to SYSTEM REBOOT; ENTER reboots through REBOOTING SYSTEM and the boot. */
export async function rebootFlow(s: Session): Promise<void> {
  const first = await s.ui.select(["SYSTEM REBOOT"]);
  must(s.ui, first.kind === "prompt" && first.text === "REALLY REBOOT SYSTEM?", "SYSTEM REBOOT", '"REALLY REBOOT SYSTEM?"', JSON.stringify(first));
  await cancel(s.ui);
  await runFlow(s.ui, "reboot");
}

/** SYSTEM SHUTDOWN: confirmation, "It's now safe to unplug the box", then dark; power on boots again. */
export async function shutdownFlow(s: Session): Promise<void> {
  const first = await s.ui.select(["SYSTEM SHUTDOWN"]);
  must(s.ui, first.kind === "prompt" && first.text === "REALLY SHUTDOWN SYSTEM?", "SYSTEM SHUTDOWN", '"REALLY SHUTDOWN SYSTEM?"', JSON.stringify(first));
  await cancel(s.ui);
  await runFlow(s.ui, "shutdown");
  await s.ui.reach("home");
}
