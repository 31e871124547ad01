// Configure VLANs and Static Routes: enable, change, disable with 0000; the range; persistence.
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { checkSetupMenu, must, recordUntilHome, same } from "./common.ts";

/** ENABLE VLAN ON LAN (0000 by default) -> CHANGE VLAN ON LAN, the DHCP option gone; change; 0000 disables. */
export async function vlanLifecycle(s: Session): Promise<void> {
  const r = await runFlow(s.ui, "vlan-enable", {}, { stopAt: "VLAN 0-4094" });
  same(s.ui, "VLAN default", "0000", r.state.kind === "field" ? r.state.value.trim() : r.state.kind);
  await s.ui.reach("setup");
  await runFlow(s.ui, "vlan-enable", { "VLAN 0-4094": "100" });
  await checkSetupMenu(s.ui, "VLAN 0100 enabled");
  const c = await runFlow(s.ui, "vlan-change", {}, { stopAt: "VLAN 0-4094" });
  same(s.ui, "CHANGE VLAN pre-filled", "0100", c.state.kind === "field" ? c.state.value.trim() : c.state.kind);
  await s.ui.reach("setup");
  await runFlow(s.ui, "vlan-change", { "VLAN 0-4094": "200" });
  await runFlow(s.ui, "vlan-change", { "VLAN 0-4094": "0000" });
  await checkSetupMenu(s.ui, "VLAN disabled with 0000");
}

/**
 * One option may be enabled, VLAN or DHCP: the factory menu offers ENABLE DHCP ON LAN beside ENABLE VLAN ON LAN;
 * once ENABLE DHCP ON LAN is confirmed the option reads RENEW DHCP ON LAN and ENABLE VLAN ON LAN is gone.
 */
export async function dhcpVlanExclusive(s: Session): Promise<void> {
  const before = await checkSetupMenu(s.ui, "factory defaults");
  must(s.ui, before.includes("ENABLE DHCP ON LAN") && before.includes("ENABLE VLAN ON LAN"), "factory SETUP NETWORK", "ENABLE DHCP ON LAN beside ENABLE VLAN ON LAN", before.join(", "));
  await runFlow(s.ui, "dhcp-lan");
  const after = await checkSetupMenu(s.ui, "after ENABLE DHCP ON LAN");
  must(s.ui, after.includes("RENEW DHCP ON LAN") && !after.some((l) => l.includes("VLAN ON LAN")), "SETUP NETWORK after ENABLE DHCP ON LAN", "RENEW DHCP ON LAN and no VLAN option", after.join(", "));
  await runFlow(s.ui, "renew-dhcp-lan");
  await s.ui.reach("home");
}

/** VLAN 4095 is refused on ENTER: the VLAN field stays, no connection check starts. */
export async function vlanRange(s: Session): Promise<void> {
  const r = await runFlow(s.ui, "vlan-enable", {}, { stopAt: "VLAN 0-4094" });
  must(s.ui, r.state.kind === "field", "VLAN field", "the field", r.state.kind);
  const { enterValue } = await import("../../harness/ui/index.ts");
  const step = r.stoppedAt!;
  if (step.kind === "field") await enterValue(s.ui, step, "4095");
  await s.con.press("ENTER");
  const back = await s.ui.waitState("ENTER on VLAN 4095", "the VLAN 0-4094 field again (4095 refused)", (x) => (x.kind === "field" && x.prompt === "VLAN 0-4094") || x.kind === "booting" || x.kind === "error" || x.kind === "home", s.ui.options.messageMs);
  must(s.ui, back.kind === "field", "ENTER on VLAN 4095", "4095 refused (the field again)", back.kind === "booting" ? "the connection check started (4095 accepted)" : back.kind);
  if (step.kind === "field") await enterValue(s.ui, step, "0000");
  await s.ui.reach("setup");
}

/** A VLAN survives a reboot and a power cut (unclean boot shows the filesystem check). */
export async function vlanPersists(s: Session): Promise<void> {
  await runFlow(s.ui, "vlan-enable", { "VLAN 0-4094": "123" });
  await runFlow(s.ui, "reboot");
  await checkSetupMenu(s.ui, "VLAN after reboot");
  await s.ui.reach("home");
  await s.dut.power.cut();
  await s.ui.waitState("power cut", "a dark screen", (x) => x.kind === "off", 5_000);
  await s.dut.power.on();
  const { texts } = await recordUntilHome(s);
  must(s.ui, texts.includes("Filesystem check in progress..."), "boot after a power cut", "Filesystem check in progress...", texts.join(" | "));
  await checkSetupMenu(s.ui, "VLAN after a power cut");
  const c = await runFlow(s.ui, "vlan-change", {}, { stopAt: "VLAN 0-4094" });
  same(s.ui, "VLAN kept across the power cut", "0123", c.state.kind === "field" ? c.state.value.trim() : c.state.kind);
  await s.ui.reach("setup");
}
