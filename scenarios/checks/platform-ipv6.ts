// Configure IPv6 Address for Scanning: IPv6 enabled for the appliance on the portal, automatically ("IP assignment
// through router advertisement") or static, gives the LAN an IPv6 address that scans of IPv6 hosts come from ("LAN
// IPv6 for scanning IPv6 hosts"), IPv4 hosts are still scanned from LAN IPv4, and "All management traffic ... is
// routed through the LAN IPv4 interface". The portal's appliance list shows the LAN IPv6 address.
import { ipFrom, ipTo, matching, protocol } from "../../harness/capture/index.ts";
import type { Ipv6Scanning } from "../../harness/platform/portal.ts";
import { startRadvd } from "../../netns/services/index.ts";
import type { Session } from "../rig.ts";
import { must, same } from "./common.ts";
import { activatedAs, lanIpv4, portalOf } from "./platform.ts";
import { awaitOr, closeCapture, framesNow, framesSeen, scanEnded } from "./platform-common.ts";
import { labOf } from "./facts.ts";
import { captureAt } from "./observe.ts";

/** The LAN's IPv6 prefix this scenario adds (the standard lab has none), the static scan address, an IPv6 target
 *  (target1's second address); the IPv4 target is the lab's target2. */
const PREFIX = "fd77:1::";
const SCAN6 = { address: `${PREFIX}5`, prefixLength: 64 } as const;
const TARGET6 = `${PREFIX}21`;

/** Enable `setting` on the portal and scan an IPv6 and an IPv4 target; `from6` tells whether an IPv6 source is right. */
async function ipv6Scan(s: Session, user: string, setting: Ipv6Scanning, from6: (src: string) => boolean, expected6: string): Promise<void> {
  const { id } = await activatedAs(s, user);
  const ip = await lanIpv4(s);
  const portal = portalOf(s);
  const TARGET4 = labOf(s).address("target2");
  await s.lab!.exec("target1", "ip", ["-6", "addr", "add", `${TARGET6}/64`, "dev", "eth0", "nodad"]);
  await portal.setIpv6Scanning(id, setting);
  const since = Date.now();
  const cap = await captureAt(s, "LAN");
  try {
    const scan = await portal.launchScan(id, { title: `ipv6 ${setting.mode}`, targets: [TARGET6, TARGET4] });
    const done = await scanEnded(s, portal, scan.id, "scan of an IPv6 and an IPv4 target");
    const results = done.results as { target?: string; icmp?: boolean }[];
    must(s.ui, results.find((r) => r.target === TARGET6)?.icmp === true, `uploaded result for ${TARGET6}`, "the ping answered", JSON.stringify(results));
    let shown: string | undefined;
    await awaitOr(s, "LAN IPv6 in the portal's appliance list", expected6, async () => {
      shown = (await portal.appliance(id)).lanIpv6;
      return shown && from6(shown) ? shown : undefined;
    }, () => shown ?? "--", 10_000);
    const echo6 = protocol("icmpv6").and(ipTo(TARGET6)).and(matching(`from ${expected6}`, (f) => !!f.ip && from6(f.ip.src)));
    await framesSeen(s, cap, echo6, `capture on the LAN cable: ICMPv6 echo to ${TARGET6} from ${expected6}`);
    await framesSeen(s, cap, protocol("icmp").and(ipFrom(ip)).and(ipTo(TARGET4)), `capture on the LAN cable: ICMP echo to ${TARGET4} from LAN IPv4 ${ip}`);
    const mgmt6 = await framesNow(cap, matching("HTTPS over IPv6", (f) => f.ip?.version === 6 && (f.tcp?.dstPort === 443 || f.tcp?.srcPort === 443) && f.ip.dst !== TARGET6 && f.ip.src !== TARGET6));
    same(s.ui, "management (HTTPS) frames over IPv6 on the LAN", 0, mgmt6.length);
    const sources = [...new Set((await portal.requests()).filter((r) => Date.parse(r.at) >= since).map((r) => r.sourceAddress.replace(/^::ffff:/, "")))];
    same(s.ui, "source of the platform requests while IPv6 scanning is on", [ip], sources);
  } finally {
    await closeCapture(cap);
  }
}

/** Static IPv6 for scanning: the IPv6 target is probed from the portal's address. */
export async function ipv6StaticScanning(s: Session): Promise<void> {
  await ipv6Scan(s, "sixstatic", { mode: "static", ...SCAN6 }, (src) => src === SCAN6.address, SCAN6.address);
}

/** Automatic IPv6 for scanning: with the lab's router advertising the prefix, the IPv6 target is probed from an address in it. */
export async function ipv6AutoScanning(s: Session): Promise<void> {
  const lab = s.lab!;
  await lab.exec("lanrtr", "ip", ["-6", "addr", "add", `${PREFIX}1/64`, "dev", "br0", "nodad"]);
  const radvd = await startRadvd({ ns: lab.ns("lanrtr"), dir: lab.path("services", "lanrtr-radvd-scan"), prefix: lab.prefix }, { interface: "br0", prefixes: [{ prefix: `${PREFIX}/64` }], minIntervalSeconds: 3, maxIntervalSeconds: 4 });
  await lab.track("radvd-lanrtr-scan", radvd.pid, { pidFile: radvd.pidFile });
  try {
    await ipv6Scan(s, "sixauto", { mode: "auto" }, (src) => src.startsWith(PREFIX.slice(0, -1)) && src !== SCAN6.address, `an address in ${PREFIX}/64 (router advertisement)`);
  } finally {
    await radvd.stop();
  }
}
