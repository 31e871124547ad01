// Ethernet Port Configuration: LAN PORT LINK shows the setting in effect; Right/Left walk the ring in the
// manual's table order; REALLY SET LAN TO <value>; Up twice returns to SETUP NETWORK.
import { nextPortLink, portLinks, type PortLink } from "../../fixtures/manual/index.ts";
import { cancel, runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { same } from "./common.ts";

/** The port-link ring both ways, a setting stored, and the two-Up exit. */
export async function portLinkRing(s: Session): Promise<void> {
  const r = await runFlow(s.ui, "lan-port-link", {}, { stopAt: "LAN PORT LINK" });
  same(s.ui, "LAN PORT LINK default", "AUTO", r.state.kind === "field" ? r.state.value.trim() : r.state.kind);
  let cur: PortLink = "AUTO";
  for (const key of ["RIGHT", "LEFT"] as const) {
    for (let i = 0; i < portLinks.length; i++) {
      const want = nextPortLink(cur, key === "RIGHT" ? "right" : "left");
      await s.ui.pressExpect(key, `${key} ${i + 1} on LAN PORT LINK`, `"${want}"`, (x) => x.kind === "field" && x.value.trim() === want);
      cur = want;
    }
  }
  await cancel(s.ui);
  await runFlow(s.ui, "lan-port-link", { "LAN PORT LINK": "100baseT/Full" });
  const again = s.ui.state();
  same(s.ui, "LAN PORT LINK after REALLY SET LAN TO 100baseT/Full", "100baseT/Full", again.kind === "field" ? again.value.trim() : again.kind);
  await cancel(s.ui);
}
