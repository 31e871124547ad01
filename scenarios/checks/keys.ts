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
  // The paced driver waits for a quiet line before its next key: LEFT shows where the flood left the field.
  await s.ui.press("LEFT", "LEFT after the flood");
  const shown = s.ui.state();
  const value = shown.kind === "field" ? shown.value.trim() : shown.kind;
  must(s.ui, value !== IP, "LAN IP ADDR after a flood", "lost characters (an address other than the one sent)", `"${value}" (nothing lost)`);
  await s.ui.reach("setup");
  return { sent: IP, shown: value };
}
