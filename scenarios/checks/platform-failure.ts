// Communication Failure message with scans running: "The COMMUNICATION FAILURE message appears after the running
// scans time out. Usually the S1 LED turns off after the scans time out." While the LAN link is down the portal
// counts heartbeat checks missed; the next successful poll brings the name and IP back with none missed.
import { screens } from "../../fixtures/manual/index.ts";
import { parseState } from "../../harness/ui/index.ts";
import { applyLinkDown } from "../../netns/faults/index.ts";
import { Deadline } from "../../netns/util/deadline.ts";
import type { Session } from "../rig.ts";
import { must, same } from "./common.ts";
import { labOf, served } from "./facts.ts";
import { cableOf } from "./observe.ts";
import { activatedAs, nameAndIp, portalOf } from "./platform.ts";
import { awaitOr, led } from "./platform-common.ts";


/** Polling interval (platform seconds) while the link is down: one missed check counts after 1.5 intervals. The
 *  scenario runs at time scale 0.05 so the twin then polls every 200 ms, not in a tight loop. */
const HEARTBEAT_SECONDS = 4;

/** Link down during a scan: COMMUNICATION FAILURE only once S1 is dark; heartbeats missed counted; link back: name and IP, 0 missed. */
export async function communicationFailureDuringScan(s: Session): Promise<void> {
  const { id, user } = await activatedAs(s, "cfscan");
  const portal = portalOf(s);
  // Addresses on the LAN where nothing answers: each keeps the scan's probes waiting for their timeout.
  const silent = [60, 61, 62, 63].map(served(s).host);
  // The portal counts missed heartbeats in its own (real) time: a short interval makes them count within the test.
  const since = Date.now();
  await portal.setPollingInterval(id, HEARTBEAT_SECONDS);
  await awaitOr(s, "a poll after the polling interval change", "a heartbeat", async () => (await portal.heartbeats(id)).find((h) => Date.parse(h.at) > since), () => "none");
  await portal.launchScan(id, { title: "long scan", targets: [labOf(s).address("target1"), ...silent] });
  await led(s, "s1", true, "scan launched on the portal");
  const end = cableOf(s, "LAN"); // the appliance's LAN link goes down: carrier off on the lab end of its cable
  const fault = await applyLinkDown(end.ns, end.iface);
  try {
    // The first frame that shows COMMUNICATION FAILURE: S1 must already be dark (the scans timed out first).
    const first = await s.con.waitFor((l) => parseState(l).kind === "communication-failure", { deadline: Deadline.in(60_000, screens.communicationFailure) })
      .catch(() => null);
    must(s.ui, first !== null, "LAN link down while scanning", screens.communicationFailure, s.con.lcd().text);
    must(s.ui, !first!.leds.s1, "S1 when COMMUNICATION FAILURE first appears", "S1 dark (the running scans timed out first)", "S1 lit");
    let missed = 0;
    await awaitOr(s, "preview pane while the LAN link is down", "heartbeat checks missed counted", async () => {
      missed = (await portal.appliance(id)).heartbeatChecksMissed;
      return missed >= 1 ? missed : undefined;
    }, () => `${missed} missed`, HEARTBEAT_SECONDS * 3_000);
  } finally {
    await fault.remove();
  }
  await nameAndIp(s, user, "next successful poll after the link is back");
  const back = await portal.appliance(id);
  await portal.setPollingInterval(id, 60);
  same(s.ui, "preview pane after the link is back: status and heartbeat checks missed", ["online", 0], [back.status, back.heartbeatChecksMissed]);
}
