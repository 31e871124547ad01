// Changing the Network Configuration during a scan: S1 lights while the platform's scan runs; a network change
// (ENABLE/RENEW DHCP ON LAN) shows CANCELING THE ONGOING SCAN before the connection check, S1 goes dark, and the platform
// records the scan as cancelled (manual: A Quick Look at the Appliance, Changing the Network Configuration).
import { fillValue, flows, screens } from "../../fixtures/manual/index.ts";
import { ConsoleTimeoutError } from "../../harness/console/index.ts";
import { atRef, DeviationError, runFlow } from "../../harness/ui/index.ts";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import type { Session } from "../rig.ts";
import { confirmText, lanDhcpFlow, must, recordUntilHome, same } from "./common.ts";
import { labOf, served } from "./facts.ts";
import { activatedAs, nameAndIp, portalOf } from "./platform.ts";

/** Wait until S1 is `lit` (a deviation naming `step` otherwise). */
async function s1(s: Session, lit: boolean, step: string, ms = 30_000): Promise<void> {
  try {
    await s.con.waitFor((l) => l.leds.s1 === lit, { deadline: Deadline.in(ms, `S1 ${lit ? "lit" : "dark"}`) });
  } catch (error) {
    if (error instanceof ConsoleTimeoutError) throw new DeviationError(s.ui.name, step, `S1 ${lit ? "lit" : "dark"}`, `S1 ${s.con.lcd().leds.s1 ? "lit" : "dark"}`);
    throw error;
  }
}

/** A LAN sweep launched on the portal lights S1; ENABLE (or RENEW) DHCP ON LAN cancels it with CANCELING THE ONGOING SCAN. */
export async function scanCancelledOnChange(s: Session): Promise<void> {
  const { id, user } = await activatedAs(s, "scanuser");
  const portal = portalOf(s);
  const scan = await portal.launchScan(id, { title: "LAN sweep", targets: [served(s).subnet] });
  await s1(s, true, "scan launched on the portal");
  const change = lanDhcpFlow(s.ui);
  await runFlow(s.ui, change, {}, { stopAt: confirmText(change) });
  const after = await s.ui.press("ENTER", `confirm ${flows[change].entry[0]} during a scan`);
  const first = after.kind === "message" || after.kind === "booting" ? after.text : after.kind;
  const { texts } = await recordUntilHome(s);
  const shown = [first, ...texts].filter((t, i, a) => t !== a[i - 1]);
  same(s.ui, "first message after a network change during a scan", screens.cancelingScan, shown[0]);
  must(s.ui, shown.includes(screens.connectionCheck[0]!), "connection check after the cancel", screens.connectionCheck[0]!, shown.join(" | "));
  await nameAndIp(s, user, "after the check that followed the change");
  await s1(s, false, "scan cancelled by the change");
  const ended = await pollUntil(async () => {
    const v = await portal.scan(scan.id);
    return v.state === "cancelled" || v.state === "finished" || v.state === "failed" ? v.state : undefined;
  }, Deadline.in(30_000, "the platform to record the scan's end"));
  same(s.ui, "scan state on the platform after the change", "cancelled", ended);
}

/**
 * A LAN sweep lights S1; a LAN PORT LINK change is a network configuration change too: confirming REALLY SET LAN
 * TO <value> shows CANCELING THE ONGOING SCAN, S1 goes dark, the platform records the scan as cancelled, and the
 * LAN PORT LINK screen returns (no connection check).
 */
export async function scanCancelledOnPortLink(s: Session): Promise<void> {
  const { id } = await activatedAs(s, "portuser");
  const portal = portalOf(s);
  const scan = await portal.launchScan(id, { title: "LAN sweep", targets: [served(s).subnet] });
  await s1(s, true, "scan launched on the portal");
  const setting = "1GbaseT/Full";
  const confirm = fillValue(confirmText("lan-port-link"), setting);
  await runFlow(s.ui, "lan-port-link", { "LAN PORT LINK": setting }, { stopAt: confirm });
  const after = await s.ui.press("ENTER", `confirm ${confirm} during a scan`);
  same(s.ui, "first screen after a port-link change during a scan", screens.cancelingScan, after.kind === "message" ? after.text : after.kind);
  const back = { menu: "ethernet-ports", item: "LAN PORT LINK" } as const;
  await s.ui.waitState("after CANCELING THE ONGOING SCAN", "the LAN PORT LINK screen again", (x) => atRef(x, back), s.ui.options.bootMs);
  await s1(s, false, "scan cancelled by the port-link change");
  const ended = await pollUntil(async () => {
    const v = await portal.scan(scan.id);
    return v.state === "cancelled" || v.state === "finished" || v.state === "failed" ? v.state : undefined;
  }, Deadline.in(30_000, "the platform to record the scan's end"));
  same(s.ui, "scan state on the platform after the port-link change", "cancelled", ended);
  await runFlow(s.ui, "lan-port-link", { "LAN PORT LINK": "AUTO" });
}

/** On a VLAN trunk: with VLAN 100 set on the console, a scan of a routed target reaches it (ping answered). */
export async function scanOnVlan(s: Session): Promise<void> {
  await s.ui.reach("home");
  await runFlow(s.ui, "vlan-enable", { "VLAN 0-4094": "100" });
  const { id } = await activatedAs(s, "vlanuser");
  const portal = portalOf(s);
  const target = labOf(s).address("target1");
  const scan = await portal.launchScan(id, { title: "target1", targets: [target] });
  const done = await pollUntil(async () => {
    const v = await portal.scan(scan.id);
    return v.state === "finished" || v.state === "failed" || v.state === "cancelled" ? v : undefined;
  }, Deadline.in(60_000, "the scan to end"));
  same(s.ui, "scan state on the platform", "finished", done.state);
  const r = (done.results as { target?: string; icmp?: boolean }[]).find((x) => x.target === target);
  must(s.ui, r?.icmp === true, `scan result for ${target} (tagged VLAN 100)`, "the target answered the ping", JSON.stringify(done.results));
}
