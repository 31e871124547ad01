// Scans launched from the portal: probe traffic (ICMP echo, TCP connects) reaches the LAN's targets, S1 lit while
// scanning and dark after, results uploaded (through the WAN in split mode: no management traffic on the LAN), the
// portal's VLANs (802.1Q tag on the wire) and static routes (frames to the route's gateway) followed, and the
// preview pane's Available Capacity (100% idle, lower and busy while a scan runs).
import { fact } from "../../fixtures/manual/index.ts";
import { ipFrom, ipTo, matching, protocol, tcpConnectTo, vlanStack } from "../../harness/capture/index.ts";
import type { Portal, ScanView } from "../../harness/platform/portal.ts";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { must, same } from "./common.ts";
import { activate, lanIpv4, nameAndIp, portalOf } from "./platform.ts";
import { awaitOr, captureOn, closeCapture, framesNow, framesSeen, led, scanEnded } from "./platform-common.ts";

/** Live targets of the standard lab and addresses where nothing answers (they keep a scan running a few seconds). */
const TARGETS = ["10.77.1.21", "10.77.1.22"] as const;
const SILENT = ["10.77.1.50", "10.77.1.51", "10.77.1.52"] as const;
/** Ports the appliance probes are not the suite's business; that it connects to some is. */
type Result = { target?: string; icmp?: boolean; tcp?: Record<string, string> };

/** The result record of `target` in a finished scan. */
function resultOf(scan: ScanView, target: string): Result | undefined {
  return (scan.results as Result[]).find((r) => r.target === target);
}

/** Activate, check the name and IP, return the appliance id and the portal. */
async function ready(s: Session, user: string): Promise<{ id: string; portal: Portal }> {
  const id = await activate(s, user);
  await nameAndIp(s, user, "after activation on the portal");
  return { id, portal: portalOf(s) };
}

/** A scan of two live targets and three silent addresses: S1 lit, probes on the LAN and at the target, S1 dark, results uploaded. */
export async function scanProbesAndS1(s: Session): Promise<void> {
  const { id, portal } = await ready(s, "prober");
  const ip = await lanIpv4(s);
  const [lan, atTarget] = [await captureOn(s, "dut", "lan0"), await captureOn(s, "target1", "eth0")];
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
    await framesSeen(s, lan, protocol("icmp").and(ipFrom(ip)).and(ipTo(TARGETS[1])), `capture on the DUT's LAN: ICMP echo to ${TARGETS[1]} from ${ip}`);
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
  }, () => `${last.availableCapacity}%, busy ${last.busy}, scan ${scan.id}`, 15_000);
}

/** The DUT's WAN address, read in its namespace. */
async function wanIpv4(s: Session): Promise<string> {
  const r = await s.lab!.exec("dut", "ip", ["-4", "-o", "addr", "show", "dev", "wan0", "scope", "global"], { allowFailure: true });
  return /inet (\d+\.\d+\.\d+\.\d+)\//.exec(r.stdout)?.[1] ?? "none";
}

/** Split network: probes on the LAN, every scan report and upload from the WAN address, no platform traffic on the LAN. */
export async function scanResultsThroughWan(s: Session): Promise<void> {
  await s.ui.reach("home");
  await runFlow(s.ui, "wan-dhcp");
  const { id, portal } = await ready(s, "splitscan");
  const [ip, wan] = [await lanIpv4(s), await wanIpv4(s)];
  const lan = await captureOn(s, "dut", "lan0");
  try {
    const scan = await portal.launchScan(id, { title: "split scan", targets: ["10.77.1.21"] });
    const done = await scanEnded(s, portal, scan.id, "scan in split mode", 25_000);
    same(s.ui, "scan state on the platform", "finished", done.state);
    must(s.ui, resultOf(done, "10.77.1.21")?.icmp === true, "uploaded result for 10.77.1.21", "the ping answered", JSON.stringify(done.results));
    await framesSeen(s, lan, protocol("icmp").and(ipFrom(ip)).and(ipTo("10.77.1.21")), "capture on the DUT's LAN: probes to 10.77.1.21");
    const reports = (await portal.requests()).filter((r) => r.path?.includes(`/scans/${scan.id}/`));
    const sources = [...new Set(reports.map((r) => r.sourceAddress.replace(/^::ffff:/, "")))];
    same(s.ui, `source of the scan's status reports and result uploads (${reports.length})`, [wan], sources);
    // Port 443 of the scan target is probed; any other HTTPS on the LAN is management traffic.
    const mgmt = await framesNow(lan, matching("HTTPS not to or from the scan target", (f) => (f.tcp?.dstPort === 443 || f.tcp?.srcPort === 443) && f.ip?.src !== "10.77.1.21" && f.ip?.dst !== "10.77.1.21"));
    must(s.ui, mgmt.length === 0, "capture on the DUT's LAN in split mode", "no management (HTTPS) traffic", `${mgmt.length} HTTPS frame(s), e.g. ${mgmt[0]?.ip?.src} -> ${mgmt[0]?.ip?.dst}`);
  } finally {
    await closeCapture(lan);
  }
}

/** VLAN lab, console VLAN 100: a portal VLAN 200 scan leaves tagged 200 and reaches a routed target through it. */
export async function scanOnPortalVlan(s: Session): Promise<void> {
  const lab = s.lab!;
  await s.ui.reach("home");
  await runFlow(s.ui, "vlan-enable", { "VLAN 0-4094": "100" });
  const { id, portal } = await ready(s, "portalvlan");
  const dev = await lab.addVlan("lanrtr", "trunk0", 200);
  await lab.exec("lanrtr", "ip", ["addr", "add", "10.77.200.1/24", "dev", dev]);
  await lab.exec("lanrtr", "ip", ["link", "set", dev, "up"]);
  await portal.setVlans(id, [{ id: 200, address: "10.77.200.5/24", gateway: "10.77.200.1" }]);
  const cap = await captureOn(s, "dut", "lan0");
  try {
    const scan = await portal.launchScan(id, { title: "portal vlan", targets: ["10.77.101.21"], vlanId: 200 });
    const done = await scanEnded(s, portal, scan.id, "scan on portal VLAN 200");
    await framesSeen(s, cap, protocol("icmp").and(ipTo("10.77.101.21")).and(vlanStack(200)), "capture on the DUT's LAN trunk: ICMP echo to 10.77.101.21 tagged VLAN 200", 5_000);
    const other = await framesNow(cap, ipTo("10.77.101.21").and(matching("not tagged VLAN 200", (f) => !f.vlan?.includes(200))));
    must(s.ui, other.length === 0, "scan frames on the trunk", "every frame to the target tagged VLAN 200", `${other.length} frame(s) otherwise tagged (${JSON.stringify(other[0]?.vlan ?? "untagged")})`);
    must(s.ui, resultOf(done, "10.77.101.21")?.icmp === true, "uploaded result for 10.77.101.21 on VLAN 200", "the ping answered", JSON.stringify(done.results));
  } finally {
    await closeCapture(cap);
  }
}

/** The MAC of `host`'s eth0. */
async function macOf(s: Session, host: string): Promise<string> {
  return (await s.lab!.exec(host, "cat", ["/sys/class/net/eth0/address"])).stdout.trim();
}

/** The manual's maximum of static routes accepted (one more refused); a scan of the last route's destination goes to that route's gateway. */
export async function scanOnStaticRoute(s: Session): Promise<void> {
  const { id, portal } = await ready(s, "router");
  // target2 (10.77.1.22) stands in for the router of 10.77.50.0/24 and answers for 10.77.50.1 itself.
  await s.lab!.exec("target2", "ip", ["addr", "add", "10.77.50.1/32", "dev", "lo"]);
  const gwMac = await macOf(s, "target2");
  const max = Number(fact("static-routes-max").value);
  const filler = Array.from({ length: max - 1 }, (_, i) => ({ destination: `10.78.${i + 1}.0/24`, gateway: "10.77.1.1" }));
  const routes = [...filler, { destination: "10.77.50.0/24", gateway: "10.77.1.22", name: "lab net 50" }];
  const refused = await portal.setStaticRoutes(id, [...routes, { destination: "10.78.200.0/24", gateway: "10.77.1.1" }]).then(() => "accepted", (e: Error) => e.message);
  must(s.ui, refused !== "accepted", `portal: static route number ${max + 1}`, `refused (up to ${max} static routes)`, refused);
  await portal.setStaticRoutes(id, routes);
  const cap = await captureOn(s, "dut", "lan0");
  try {
    const scan = await portal.launchScan(id, { title: "static route", targets: ["10.77.50.1"] });
    const done = await scanEnded(s, portal, scan.id, "scan of the static route's destination");
    const toTarget = await framesNow(cap, protocol("icmp").and(ipTo("10.77.50.1")));
    must(s.ui, toTarget.length > 0 && toTarget.every((f) => f.eth.dst === gwMac), "capture on the DUT's LAN: ICMP echo to 10.77.50.1",
      `sent to the route's gateway 10.77.1.22 (${gwMac})`, toTarget.map((f) => f.eth.dst).join(", ") || "no echo");
    must(s.ui, resultOf(done, "10.77.50.1")?.icmp === true, "uploaded result for 10.77.50.1", "the ping answered", JSON.stringify(done.results));
  } finally {
    await closeCapture(cap);
  }
}
