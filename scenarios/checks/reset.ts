// Reset All Network Settings: factory defaults restored (static IP, proxy gone) in IPv4+v6 mode; the mode
// switch to IPv6-only and back resets too.
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { checkSetupMenu } from "./common.ts";
import { PROXY } from "./proxy.ts";

/** Configure a proxy and a VLAN, reset all: SETUP NETWORK shows the factory items again. */
export async function resetAll(s: Session): Promise<void> {
  await runFlow(s.ui, "proxy-enable", { ...PROXY, "PROXY USER": "", "PROXY PASSW": "" });
  await runFlow(s.ui, "vlan-enable", { "VLAN 0-4094": "42" });
  await runFlow(s.ui, "reset-all");
  await checkSetupMenu(s.ui, "after REALLY RESET ALL SETTINGS?");
}

/** RESET TO IPv6 ONLY MODE? shows the IPv6-only items; RESET TO IPv4+v6 MODE? brings the defaults back. */
export async function resetModes(s: Session): Promise<void> {
  await runFlow(s.ui, "proxy-enable", { ...PROXY, "PROXY USER": "", "PROXY PASSW": "" });
  await runFlow(s.ui, "reset-to-ipv6only");
  await checkSetupMenu(s.ui, "IPv6-only mode");
  await runFlow(s.ui, "reset-to-ipv4v6");
  await checkSetupMenu(s.ui, "back in IPv4+v6 mode");
}
