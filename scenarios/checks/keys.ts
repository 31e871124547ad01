// Step 1 - Connect the Scanner Appliance to the Network: keys pressed one at a time are never lost; a
// "keystroke file" (a flood of bytes) loses characters, as the manual warns.
import { open } from "node:fs/promises";
import { constants } from "node:fs";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { must, same } from "./common.ts";

const IP = "010.077.001.123";

/** Paced: every digit of LAN IP ADDR typed one at a time, each confirmed; the field holds exactly the address. */
export async function pacedNoLoss(s: Session): Promise<void> {
  const r = await runFlow(s.ui, "static-lan", { "LAN IP ADDR": IP }, { stopAt: "LAN NETMASK" });
  must(s.ui, r.state.kind === "field", "after LAN IP ADDR", "LAN NETMASK", r.state.kind);
  await s.ui.reach("setup");
  const back = await runFlow(s.ui, "static-lan", {}, { stopAt: "LAN IP ADDR" });
  same(s.ui, "LAN IP ADDR", "000.000.000.000", back.state.kind === "field" ? back.state.value.trim() : back.state.kind);
  await s.ui.reach("setup");
}

/** Flood: the twelve digits written at once; the field ends up different from what was sent (lost characters). */
export async function floodLoses(s: Session): Promise<{ sent: string; shown: string }> {
  await runFlow(s.ui, "static-lan", {}, { stopAt: "LAN IP ADDR" });
  const sent = IP.replaceAll(".", "");
  const fd = await open(s.dut.console, constants.O_WRONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
  try {
    await fd.write(Buffer.from(sent, "latin1"));
  } finally {
    await fd.close();
  }
  // The echoes of the flood come over many redraws. A key sent among them meets a full buffer, and an arrow key
  // cut short there swallows the next key: read the field only once the line has been quiet a redraw's grace.
  const con = s.ui.con.options;
  const shown = await s.ui.waitSettled("the flood's echoes", "LAN IP ADDR changed by the flood", (x) => x.kind === "field" && x.prompt === "LAN IP ADDR" && x.value.trim() !== "000.000.000.000", con.keyTimeoutMs * sent.length, s.ui.redrawMs);
  const value = shown.kind === "field" ? shown.value.trim() : shown.kind;
  must(s.ui, value !== IP, "LAN IP ADDR after a flood", "lost characters (an address other than the one sent)", `"${value}" (nothing lost)`);
  await s.ui.reach("setup");
  return { sent: IP, shown: value };
}
