// Configure Static IP Address: the flow's prompts, zero-padded octets, the netmask ring both ways with
// the erratum row, cancel with Up, and the rename once configured.
import { flow, netmaskRing, netmaskTable, nextNetmask, prefixToNetmask } from "../../fixtures/manual/index.ts";
import { cancel, runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { checkSetupMenu, must, same } from "./common.ts";
import { padded, staticLan } from "./facts.ts";

/** Static IP on LAN: every prompt as the manual names it, padded octets; then CHANGE STATIC IP ON LAN. */
export async function staticIp(s: Session): Promise<void> {
  const values = staticLan(s);
  await runFlow(s.ui, "static-lan", values);
  await checkSetupMenu(s.ui, "after static IP");
  // The stored values come back zero-padded as the defaults of the change procedure.
  const r = await runFlow(s.ui, "change-static-lan", {}, { stopAt: "LAN GATEWAY" });
  same(s.ui, "LAN GATEWAY pre-filled", padded(values["LAN GATEWAY"]), r.state.kind === "field" ? r.state.value.trim() : r.state.kind);
  await s.ui.reach("setup");
}

/** LAN NETMASK: 255.255.255.000 first; Down and Up walk the whole ring as the table says (/4 = 240.000.000.000). */
export async function netmaskRingBothWays(s: Session): Promise<void> {
  const r = await runFlow(s.ui, "static-lan", {}, { stopAt: "LAN NETMASK" });
  same(s.ui, "initial netmask", "255.255.255.000", r.state.kind === "field" ? r.state.value.trim() : r.state.kind);
  let cur = "255.255.255.000";
  const seen: string[] = [];
  for (const key of ["DOWN", "UP"] as const) {
    for (let i = 0; i < netmaskRing.length; i++) {
      const want = nextNetmask(cur, key === "DOWN" ? "down" : "up");
      await s.ui.pressExpect(key, `${key} ${i + 1} on LAN NETMASK`, `"${want}"`, (x) => x.kind === "field" && x.value.trim() === want);
      cur = want;
      if (key === "DOWN") seen.push(want);
    }
  }
  const erratum = netmaskTable.find((row) => row.prefix === 4)!;
  must(s.ui, seen.includes(erratum.netmask) && erratum.netmask === prefixToNetmask(4), "netmask /4 (erratum row)", "240.000.000.000 on the ring", seen.join(" "));
  // Leave through the remaining fields and cancel at the final confirmation with Up.
  const steps = flow("static-lan").steps;
  for (const st of steps.slice(2, -1)) {
    must(s.ui, s.ui.state().kind === "field" || s.ui.state().kind === "prompt", `leaving at ${st.kind}`, "a field", s.ui.state().kind);
    await s.ui.press("ENTER", "ENTER towards REALLY SET LAN STATIC NETWORK?");
  }
  const last = s.ui.state();
  must(s.ui, last.kind === "prompt" && last.text === "REALLY SET LAN STATIC NETWORK?", "final confirmation", '"REALLY SET LAN STATIC NETWORK?"', JSON.stringify(last));
  await cancel(s.ui);
  await checkSetupMenu(s.ui, "after cancelling static IP");
}
