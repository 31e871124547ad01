// Appliance Network Errors produced by real network conditions in the lab: no DHCP, the LAN link down, the LAN's DNS
// without the platform's name (NXDOMAIN) or unreachable, the platform's port rejecting connections, the platform
// answering HTTP 500. Each row: the appliance first reaches the platform, the fault is applied, RENEW DHCP ON LAN
// runs the connection check again, and the home screen must show the row's exact text.
import { errorFor, type NetworkCondition } from "../../fixtures/manual/index.ts";
import { runFlow } from "../../harness/ui/index.ts";
import { applyDnsUnreachable, applyLinkDown, applyReject } from "../../netns/faults/index.ts";
import type { Session } from "../rig.ts";
import { lanDhcpFlow, same, reachedPlatform, screenShows } from "./common.ts";
import { cableOf } from "./observe.ts";
import { portalOf } from "./platform.ts";

/** The platform emulator's address in the lab presets. */
const PLATFORM = { address: "10.77.9.10", port: 443 };
/** The LAN's DHCP/DNS server in the standard preset. */
const LAN_DNS = "10.77.1.1";

/** The error text shown on the home screen after a connection check. */
async function homeError(s: Session): Promise<string> {
  const h = await s.ui.reach("home");
  return h.kind === "error" ? h.text : h.kind;
}

/** The final comparison of an error row: the home screen reached, then polled until it shows the manual's `text`. */
async function homeShows(s: Session, step: string, text: string): Promise<void> {
  await s.ui.reach("home");
  await screenShows(s, step, { text });
}

/** A lab LAN without a DHCP server: the connection check ends with "LAN has no IPv4 address". */
export async function noDhcp(s: Session): Promise<void> {
  same(s.ui, "connection check without DHCP", errorFor({ kind: "no-ipv4", iface: "LAN" }).text, await homeError(s));
}

/**
 * The lab takes the LAN link down (the lab end of the LAN cable): the next DHCP check shows "LAN has no IPv4 address"
 * (its first fix: check the cable/port); configuring the proxy with the cable out shows "no CARRIER on LAN interface"
 * (fixtures/manual reportedCondition).
 */
export async function linkDown(s: Session): Promise<void> {
  await homeError(s);
  const end = cableOf(s, "LAN");
  const fault = await applyLinkDown(end.ns, end.iface);
  try {
    await runFlow(s.ui, lanDhcpFlow(s.ui));
    same(s.ui, "connection check with the LAN link down", errorFor({ kind: "no-ipv4", iface: "LAN" }).text, await homeError(s));
    await runFlow(s.ui, "proxy-enable", { "PROXY HOST": LAN_DNS, "PROXY PORT": "3128" });
    same(s.ui, "ENABLE PROXY with the LAN link down", errorFor({ kind: "no-carrier", iface: "LAN" }).text, await homeError(s));
  } finally {
    await fault.remove();
  }
}

/** Standard DHCP config on a LAN whose DNS answers NXDOMAIN for the platform's name: "LAN DNS can't resolve QG URL". */
export async function dnsNxdomain(s: Session): Promise<void> {
  same(s.ui, "connection check, platform name unknown to the LAN's DNS", errorFor({ kind: "dns-cannot-resolve-platform", iface: "LAN" }).text, await homeError(s));
}

/** Reach the platform (ACTIVATION CODE), stand in SETUP NETWORK, apply `fault`, renew: the home screen shows `row`. */
async function rowAfter(s: Session, fault: () => Promise<{ remove(): Promise<void> }>, row: NetworkCondition, step: string): Promise<void> {
  const first = await s.ui.reach("home");
  same(s.ui, "home screen before the fault", await reachedPlatform(s), first.kind === "error" ? first.text : first.kind);
  await s.ui.reach("setup"); // in the menus, a failed poll does not redraw the screen
  const f = await fault();
  try {
    await runFlow(s.ui, lanDhcpFlow(s.ui));
    await homeShows(s, step, errorFor(row).text);
  } finally {
    await f.remove();
  }
}

/** The LAN's DNS server stops answering the appliance (its queries dropped where they arrive from its LAN cable):
 *  "LAN DNS server not reachable". */
export async function dnsUnreachable(s: Session): Promise<void> {
  await rowAfter(s, () => applyDnsUnreachable(cableOf(s, "LAN"), s.lab!.prefix, LAN_DNS, "drop"), { kind: "dns-server-unreachable", iface: "LAN" }, "connection check with the LAN's DNS server dropping queries");
}

/** The router rejects connections to the platform: "Error connect to server (07)". */
export async function connectRejected(s: Session): Promise<void> {
  await rowAfter(s, () => applyReject(s.lab!.ns("lanrtr"), s.lab!.prefix, PLATFORM), { kind: "connect-failed", viaProxy: false }, "connection check with the platform's port rejected");
}

/** The platform answers HTTP 500: "Unexpected QG HTTP/500". */
export async function platformHttp500(s: Session): Promise<void> {
  const portal = portalOf(s);
  const fault = async () => {
    await portal.injectFault("http-500");
    return { remove: async () => void (await portal.clearFault()) };
  };
  await rowAfter(s, fault, { kind: "platform-http-status", status: 500 }, "connection check with the platform answering HTTP 500");
}
