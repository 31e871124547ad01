// Quick Start Step 1, "Remote Console Interface Set Up": "Press the ENTER key on the VT100 terminal's keyboard to
// display the Remote Console interface. You will notice the MAC address for the Scanner Appliance appears." The MAC
// of the appliance is the one it sends from, so the MAC line is checked against the wire: the source MAC of the
// appliance's DHCP requests on its LAN, captured on the lab end of its LAN cable (never read inside the appliance).
import { remoteConsole } from "../../fixtures/manual/index.ts";
import { canonicalMac, dhcp, matching } from "../../harness/capture/index.ts";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { lanDhcpFlow, must } from "./common.ts";
import { Deviation } from "../../harness/verdict/outcome.ts";
import { evidenceOf } from "../../harness/verdict/observed.ts";
import { captureAt } from "./observe.ts";
import { closeCapture, framesSeen } from "./platform-common.ts";

/** The first ENTER shows the Remote Console with a MAC line; that MAC is the source of the appliance's LAN frames. */
export async function macOnEnter(s: Session): Promise<void> {
  const cap = await captureAt(s, "LAN");
  try {
    const lcd = await s.con.wake();
    const step = `ENTER on the VT100 terminal ("${remoteConsole.macOnEnter.quote}")`;
    must(s.ui, lcd.mac !== null, step, "the Remote Console with the appliance's MAC address", `no MAC line (LCD: ${lcd.text || "blank"})`);
    const shown = canonicalMac(lcd.mac!);
    // The appliance asks the LAN's DHCP server again: requests sent from its own MAC, while the capture runs.
    await s.ui.reach("home");
    await runFlow(s.ui, lanDhcpFlow(s.ui));
    const requests = await framesSeen(s, cap, dhcp().and(matching("sent by a DHCP client", (f) => f.dhcp?.op === "request")), "capture on the LAN cable: the appliance's DHCP requests after RENEW DHCP ON LAN");
    const sources = [...new Set(requests.flatMap((f) => [f.eth.src, f.dhcp!.clientMac]))];
    if (sources.length !== 1 || sources[0] !== shown) {
      throw new Deviation({
        device: s.ui.name,
        step: "MAC on the Remote Console, against the source (and client) MAC of the appliance's DHCP requests on the LAN",
        expected: `the MAC the appliance sends from on its LAN cable (${sources.join(", ")})`,
        shown: `${shown} on the Remote Console`,
        manual: remoteConsole.macOnEnter,
      }, evidenceOf(s.con));
    }
  } finally {
    await closeCapture(cap);
  }
}
