// Step 3's note: "complete the activation manually by restarting the Scanner Appliance". The appliance is activated on
// the portal while its next poll is far away (the portal's polling interval, picked up at a poll first); SYSTEM
// REBOOT must bring the name and IP at once, before any regular poll could.
import { screens } from "../../fixtures/manual/index.ts";
import { runFlow } from "../../harness/ui/index.ts";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import type { Session } from "../rig.ts";
import { homeShown } from "./chart.ts";
import { must, same } from "./common.ts";
import { nameAndIp, portalOf } from "./platform.ts";

/** A polling interval no scenario outlasts (1 h of appliance time: 36 s at scale 0.01). */
const LONG_POLL_SECONDS = 3600;

/** Activation on the portal, then SYSTEM REBOOT: the first home screen after the boot is is_<username> with the LAN IP. */
export async function rebootCompletesActivation(s: Session): Promise<void> {
  same(s.ui, "a new appliance on a working network", screens.activationCode, await homeShown(s));
  const portal = portalOf(s);
  const seen = await portal.waitForAppliance((a) => a.activation === "awaiting-activation", Deadline.in(10_000, "the appliance in the portal's list"));
  const before = (await portal.heartbeats(seen.id)).length;
  await portal.setPollingInterval(seen.id, LONG_POLL_SECONDS);
  // One more poll: the appliance now waits LONG_POLL_SECONDS before the next.
  await pollUntil(async () => ((await portal.heartbeats(seen.id)).length > before ? true : undefined), Deadline.in(15_000, "a poll that picks up the long polling interval"));
  const view = await portal.activate(seen.activationCode!, "chartrb");
  same(s.ui, "home screen right after activation (no poll since)", screens.activationCode, await homeShown(s));
  const after = await runFlow(s.ui, "reboot");
  const state = after.state;
  must(s.ui, state.kind === "home" && state.name === view.name, "first home screen after SYSTEM REBOOT", `${view.name} and the LAN IP`, state.kind === "home" ? `${state.name} ${state.ip}` : state.kind === "error" ? state.text : state.kind);
  await nameAndIp(s, "chartrb", "after SYSTEM REBOOT");
}
