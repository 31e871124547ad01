// Scanner Appliance Syslog Forwarding: the portal's setting (TCP or UDP, port, server by IP or DNS name) makes the
// appliance forward its scan-related messages to that server. Standard config: from the LAN address. Split config:
// the manual asks only that the server be "reachable from the scanner's LAN, native VLAN or WAN gateways"; the suite
// enforces that a server beyond the WAN gateway (beside the platform) gets them from the WAN address, and one on the
// LAN's own subnet from the LAN address. Proved by what each syslog server received and by the DUT's captures.
import type { Capture } from "../../harness/capture/index.ts";
import { ipFrom, ipTo, tcpConnectTo, udpTo } from "../../harness/capture/index.ts";
import type { Portal, SyslogInput } from "../../harness/platform/portal.ts";
import { runFlow } from "../../harness/ui/index.ts";
import { startSyslog, type RunningSyslog, type SyslogRecord } from "../../netns/services/index.ts";
import type { Session } from "../rig.ts";
import { must, same } from "./common.ts";
import { activatedAs, lanIpv4, portalOf } from "./platform.ts";
import { awaitOr, captureOn, closeCapture, framesNow, framesSeen, scanEnded } from "./platform-common.ts";
import { labOf } from "./facts.ts";
import { captureAt, dutAddresses } from "./observe.ts";

/** The name the lab's DNS serves for host target1. */
const TARGET1_NAME = "target1.lab.test";

/** A syslog receiver of the scenario's own in `host` (UDP and TCP on `port`), tracked by the lab's sweeper. */
async function receiverOn(s: Session, host: string, port: number): Promise<RunningSyslog> {
  const lab = s.lab!;
  const r = await startSyslog({ ns: lab.ns(host), dir: lab.path("services", `${host}-syslog-${port}`), prefix: lab.prefix }, { port });
  await lab.track(`syslog-${host}-${port}`, r.pid, { pidFile: r.pidFile });
  return r;
}

/** Set forwarding on the portal, launch a scan titled `title`, wait for it to end and for its message at `receiver`. */
async function forwardedScan(s: Session, portal: Portal, id: string, setting: SyslogInput, receiver: RunningSyslog, title: string): Promise<SyslogRecord> {
  await portal.setSyslog(setting);
  const scan = await portal.launchScan(id, { title, targets: [labOf(s).address("target1")] });
  await scanEnded(s, portal, scan.id, `scan "${title}" with syslog forwarding ${JSON.stringify(setting)}`);
  let seen: SyslogRecord[] = [];
  return awaitOr(s, `syslog server for ${JSON.stringify(setting)}`, `a message about scan "${title}"`, async () => {
    seen = await receiver.messages({ contains: title });
    return seen[0];
  }, () => `no message about it in ${receiver.messagesFile}`);
}

/** What the syslog server received came by `protocol` from one of `sources` (the appliance's addresses the lab sees on
 *  one cable); returns the source it saw. */
function cameFrom(s: Session, what: string, rec: SyslogRecord, protocol: "udp" | "tcp", sources: readonly string[]): string {
  same(s.ui, `${what}: protocol the syslog server received`, protocol, rec.protocol);
  const seen = rec.source.replace(/^::ffff:/, "");
  if (sources.length === 1) same(s.ui, `${what}: source address the syslog server saw`, sources[0]!, seen);
  else must(s.ui, sources.includes(seen), `${what}: source address the syslog server saw`, `one of ${sources.join(", ")}`, seen);
  return seen;
}

/** Standard config: UDP to the LAN router by IP (default port 514), then TCP port 1514 to a server by DNS name, from the LAN. */
export async function syslogStandard(s: Session): Promise<void> {
  const { id } = await activatedAs(s, "syslogger");
  const ip = await lanIpv4(s);
  const portal = portalOf(s);
  const lanrtr = s.lab!.service("lanrtr", "syslog").handle as RunningSyslog;
  // The LAN router (DHCP, DNS, the syslog service) and a target whose DNS name the lab serves.
  const LANRTR = labOf(s).network("lan0").address;
  const TARGET1 = { ip: labOf(s).address("target1"), name: TARGET1_NAME };
  const byName = await receiverOn(s, "target1", 1514);
  const cap = await captureAt(s, "LAN");
  try {
    const udp = await forwardedScan(s, portal, id, { enabled: true, protocol: "udp", server: LANRTR }, lanrtr, "syslog udp by address");
    cameFrom(s, `UDP to ${LANRTR} (port left at its default)`, udp, "udp", [ip]);
    await framesSeen(s, cap, udpTo(LANRTR, 514).and(ipFrom(ip)), `capture on the LAN cable: syslog UDP to ${LANRTR}:514 from ${ip}`);
    const tcp = await forwardedScan(s, portal, id, { enabled: true, protocol: "tcp", port: 1514, server: TARGET1.name }, byName, "syslog tcp by name");
    cameFrom(s, `TCP port 1514 to ${TARGET1.name}`, tcp, "tcp", [ip]);
    await framesSeen(s, cap, tcpConnectTo(TARGET1.ip, 1514).and(ipFrom(ip)), `capture on the LAN cable: TCP connect to ${TARGET1.ip}:1514 from ${ip}`);
  } finally {
    await portal.setSyslog({ enabled: false }).catch(() => undefined);
    await closeCapture(cap);
    await byName.stop();
  }
}

/** Split config: TCP to a server beside the platform arrives from the WAN address (nothing of it on the LAN);
 *  UDP to a server on the LAN's subnet arrives from the LAN address. */
export async function syslogSplit(s: Session): Promise<void> {
  await s.ui.reach("home");
  await runFlow(s.ui, "wan-dhcp");
  const { id } = await activatedAs(s, "splitlog");
  // Every address the lab sees the appliance with on each cable: after a change of configuration the one it held
  // before may still be a neighbour there for a while, and which of them comes first is chance.
  const [lans, wans] = [await dutAddresses(s, "LAN", 4), await dutAddresses(s, "WAN", 4)];
  const portal = portalOf(s);
  const cloud = await receiverOn(s, "cloud", 514);
  // The cloud host (beside the platform), reachable only through the WAN gateway; the LAN router on the LAN's subnet.
  const CLOUD = labOf(s).address("cloud");
  const LANRTR = labOf(s).network("lan0").address;
  const lanSide = await receiverOn(s, "lanrtr", 514);
  const caps: Capture[] = [];
  try {
    const [wanCap, lanCap] = [await captureAt(s, "WAN"), await captureAt(s, "LAN")];
    caps.push(wanCap, lanCap);
    const viaWan = await forwardedScan(s, portal, id, { enabled: true, protocol: "tcp", server: CLOUD }, cloud, "split syslog via wan");
    const wan = cameFrom(s, `TCP to ${CLOUD} beyond the WAN gateway`, viaWan, "tcp", wans);
    await framesSeen(s, wanCap, tcpConnectTo(CLOUD, 514).and(ipFrom(wan)), `capture on the WAN cable: TCP connect to ${CLOUD}:514 from ${wan}`);
    const leaked = await framesNow(lanCap, ipTo(CLOUD));
    must(s.ui, leaked.length === 0, "capture on the LAN cable in split mode", `nothing to ${CLOUD}`, `${leaked.length} frame(s) to ${CLOUD}`);
    const viaLan = await forwardedScan(s, portal, id, { enabled: true, protocol: "udp", server: LANRTR }, lanSide, "split syslog on the lan");
    const lan = cameFrom(s, `UDP to ${LANRTR} on the LAN's subnet`, viaLan, "udp", lans);
    await framesSeen(s, lanCap, udpTo(LANRTR, 514).and(ipFrom(lan)), `capture on the LAN cable: syslog UDP to ${LANRTR}:514 from ${lan}`);
  } finally {
    await portal.setSyslog({ enabled: false }).catch(() => undefined);
    for (const c of caps) await closeCapture(c);
    await cloud.stop();
    await lanSide.stop();
  }
}
