// Scans launched from the portal: probe traffic (ICMP echo, TCP connects) reaches the LAN's targets, S1 lit while
// scanning and dark after, results uploaded (through the WAN in split mode: no management traffic on the LAN), and the
// preview pane's Available Capacity (100% idle, lower and busy while a scan runs). VLANs and routes: platform-routing.ts.
import { ipFrom, ipTo, matching, protocol, tcpConnectTo } from "../../harness/capture/index.ts";
import type { Portal, ScanView } from "../../harness/platform/portal.ts";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { must, same } from "./common.ts";
import { activatedAs, lanIpv4, portalOf } from "./platform.ts";
import { awaitOr, captureOn, closeCapture, framesNow, framesSeen, led, scanEnded } from "./platform-common.ts";
import { labOf, served } from "./facts.ts";
import { captureAt, dutAddresses, ipFromAny } from "./observe.ts";

/** The lab's live targets (hosts target1, target2) and three LAN addresses where nothing answers (they keep a scan
 *  running a few seconds). */
function targetsOf(s: Session): { live: readonly [string, string]; silent: readonly string[] } {
  const lab = labOf(s);
  return { live: [lab.address("target1"), lab.address("target2")], silent: [50, 51, 52].map(served(s).host) };
}
/** Ports the appliance probes are not the suite's business; that it connects to some is. */
type Result = { target?: string; icmp?: boolean; tcp?: Record<string, string> };

/** The result record of `target` in a finished scan. */
export function resultOf(scan: ScanView, target: string): Result | undefined {
  return (scan.results as Result[]).find((r) => r.target === target);
}

/** Activate, check the name and IP, return the appliance id and the portal. */
export async function ready(s: Session, user: string): Promise<{ id: string; portal: Portal }> {
  const { id } = await activatedAs(s, user);
  return { id, portal: portalOf(s) };
}

/** A scan of two live targets and three silent addresses: S1 lit, probes on the LAN and at the target, S1 dark, results uploaded. */
export async function scanProbesAndS1(s: Session): Promise<void> {
  const { id, portal } = await ready(s, "prober");
  const { live: TARGETS, silent: SILENT } = targetsOf(s);
  const ip = await lanIpv4(s);
  const [lan, atTarget] = [await captureAt(s, "LAN"), await captureOn(s, "target1", "eth0")];
  try {
    await led(s, "s1", false, "S1 before any scan", 5_000);
    const scan = await portal.launchScan(id, { title: "LAN probe", targets: [...TARGETS, ...SILENT] });
    await led(s, "s1", true, "scan launched on the portal");
    const done = await scanEnded(s, portal, scan.id, "scan of the LAN targets");
    same(s.ui, "scan state on the platform", "finished", done.state);
    await led(s, "s1", false, "scan finished", 10_000);
    for (const t of TARGETS) {
      const r = resultOf(done, t);
      must(s.ui, r?.icmp === true && Object.keys(r.tcp ?? {}).length > 0, `uploaded result for ${t}`, "the ping answered and TCP ports probed", JSON.stringify(r ?? null));
    }
    await framesSeen(s, lan, protocol("icmp").and(ipFrom(ip)).and(ipTo(TARGETS[1])), `capture on the LAN cable: ICMP echo to ${TARGETS[1]} from ${ip}`);
    await framesSeen(s, atTarget, protocol("icmp").and(ipFrom(ip)).and(ipTo(TARGETS[0])), `capture at ${TARGETS[0]}: ICMP echo from the appliance`);
    await framesSeen(s, atTarget, tcpConnectTo(TARGETS[0]).and(ipFrom(ip)), `capture at ${TARGETS[0]}: TCP connects from the appliance`);
  } finally {
    await closeCapture(lan);
    await closeCapture(atTarget);
  }
}

/** Preview pane: 100% capacity and not busy while idle; lower and busy while a scan runs; 100% again once it ended. */
export async function capacityDuringScan(s: Session): Promise<void> {
  const { id, portal } = await ready(s, "capacity");
  const { live: TARGETS, silent: SILENT } = targetsOf(s);
  const idle = await portal.appliance(id);
  same(s.ui, "preview pane before any scan: status, heartbeat checks missed, available capacity, busy", ["online", 0, 100, false], [idle.status, idle.heartbeatChecksMissed, idle.availableCapacity, idle.busy]);
  const scan = await portal.launchScan(id, { title: "capacity", targets: [...TARGETS, ...SILENT] });
  await led(s, "s1", true, "scan launched on the portal");
  const during = await portal.appliance(id);
  must(s.ui, during.availableCapacity < 100 && during.busy, "preview pane while the scan runs", "available capacity below 100% and busy", `${during.availableCapacity}%, busy ${during.busy}`);
  await led(s, "s1", false, "scan finished");
  let last = during;
  await awaitOr(s, "preview pane after the scan", "available capacity 100% and not busy", async () => {
    last = await portal.appliance(id);
    return last.availableCapacity === 100 && !last.busy ? last : undefined;
  }, () => `${last.availableCapacity}%, busy ${last.busy}, scan ${scan.id}`);
}

/** Split network: probes on the LAN, every scan report and upload from the WAN address, no platform traffic on the LAN. */
export async function scanResultsThroughWan(s: Session): Promise<void> {
  await s.ui.reach("home");
  await runFlow(s.ui, "wan-dhcp");
  const { id, portal } = await ready(s, "splitscan");
  const target = labOf(s).address("target1");
  // Every address the lab sees the appliance with on each cable: after a change of configuration the one it held
  // before may still be a neighbour there for a while, and which of them comes first is chance.
  const [lans, wans] = [await dutAddresses(s, "LAN", 4), await dutAddresses(s, "WAN", 4)];
  const lan = await captureAt(s, "LAN");
  try {
    const scan = await portal.launchScan(id, { title: "split scan", targets: [target] });
    const done = await scanEnded(s, portal, scan.id, "scan in split mode");
    same(s.ui, "scan state on the platform", "finished", done.state);
    must(s.ui, resultOf(done, target)?.icmp === true, `uploaded result for ${target}`, "the ping answered", JSON.stringify(done.results));
    await framesSeen(s, lan, protocol("icmp").and(ipFromAny(lans)).and(ipTo(target)), `capture on the LAN cable: probes to ${target}`);
    const reports = (await portal.requests()).filter((r) => r.path?.includes(`/scans/${scan.id}/`));
    const sources = [...new Set(reports.map((r) => r.sourceAddress.replace(/^::ffff:/, "")))];
    must(s.ui, sources.length > 0 && sources.every((a) => wans.includes(a)), `source of the scan's status reports and result uploads (${reports.length})`, `the appliance's WAN address (${wans.join(" or ")}, as the lab sees it on the WAN cable)`, sources.join(", ") || "no report");
    // Port 443 of the scan target is probed; any other HTTPS on the LAN is management traffic.
    const mgmt = await framesNow(lan, matching("HTTPS not to or from the scan target", (f) => (f.tcp?.dstPort === 443 || f.tcp?.srcPort === 443) && f.ip?.src !== target && f.ip?.dst !== target));
    must(s.ui, mgmt.length === 0, "capture on the LAN cable in split mode", "no management (HTTPS) traffic", `${mgmt.length} HTTPS frame(s), e.g. ${mgmt[0]?.ip?.src} -> ${mgmt[0]?.ip?.dst}`);
  } finally {
    await closeCapture(lan);
  }
}
