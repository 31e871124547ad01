// Test-side faults on the twin-as-hardware box HIL_RECOVER_BOX names, as a lab tech would cause them (pulling a
// cable, a firmware that hangs): found from the box's own record (its run manifest and box.json), never from inside.
import { findBox } from "../../harness/dut/box.ts";
import { controlRequest } from "../../harness/dut/control.ts";

function boxName(): string {
  const name = process.env.HIL_RECOVER_BOX;
  if (!name) throw new Error("HIL_RECOVER_BOX is not set: these scenarios run only inside scenarios/recovery.test.ts");
  return name;
}

/** The box's firmware hangs: its console goes silent (the twin's control `fault silent`; a power cut ends it). */
export async function silenceConsole(): Promise<void> {
  const box = await findBox(boxName());
  const reply = await controlRequest(box.control, "fault silent");
  if (reply !== "ok") throw new Error(`box ${box.name}: fault silent answered ${JSON.stringify(reply)}`);
}

/** The whole box freezes: SIGSTOP of its twin process (its power supply included: nothing of it answers). */
export async function freezeBox(): Promise<number> {
  const box = await findBox(boxName());
  process.kill(box.pid, "SIGSTOP");
  return box.pid;
}
