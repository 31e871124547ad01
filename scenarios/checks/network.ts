// Appliance Network Errors the lab can produce: no DHCP -> "LAN has no IPv4 address"; the LAN link
// down -> "no CARRIER on LAN interface".
import { errorById } from "../../fixtures/manual/index.ts";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { same } from "./common.ts";

/** The error text shown on the home screen after a connection check. */
async function homeError(s: Session): Promise<string> {
  const h = await s.ui.reach("home");
  return h.kind === "error" ? h.text : h.kind;
}

/** A lab LAN without a DHCP server: the connection check ends with "LAN has no IPv4 address". */
export async function noDhcp(s: Session): Promise<void> {
  same(s.ui, "connection check without DHCP", errorById("no-ipv4-lan").text, await homeError(s));
}

/** The lab takes the LAN link down: the next connection check shows "no CARRIER on LAN interface". */
export async function linkDown(s: Session): Promise<void> {
  await homeError(s);
  await s.lab!.exec("lanrtr", "ip", ["link", "set", "dev", "dut", "down"]);
  await runFlow(s.ui, "renew-dhcp-lan");
  same(s.ui, "connection check with the LAN link down", errorById("no-carrier-lan").text, await homeError(s));
}
