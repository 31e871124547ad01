// Configure IPv6 Address for Scanning: IPv6 enabled for the appliance on the portal gives the LAN an IPv6 address
// that scans of IPv6 hosts come from ("LAN IPv6 for scanning IPv6 hosts"), IPv4 hosts are still scanned from LAN
// IPv4, and "All management traffic ... is routed through the LAN IPv4 interface".
import { ipFrom, ipTo, matching, protocol } from "../../harness/capture/index.ts";
import type { Session } from "../rig.ts";
import { must, same } from "./common.ts";
import { activate, lanIpv4, nameAndIp, portalOf } from "./platform.ts";
import { captureOn, closeCapture, framesNow, framesSeen, scanEnded } from "./platform-common.ts";

/** The static IPv6 scan address set on the portal, and an IPv6 target on the same LAN (target1's second address). */
const SCAN6 = { address: "fd77:1::5", prefixLength: 64 } as const;
const TARGET6 = "fd77:1::21";
const TARGET4 = "10.77.1.22";

/** Static IPv6 for scanning: the IPv6 target is probed from the portal's address, the IPv4 one from LAN IPv4; management on IPv4 only. */
export async function ipv6StaticScanning(s: Session): Promise<void> {
  const id = await activate(s, "sixscan");
  await nameAndIp(s, "sixscan", "after activation on the portal");
  const ip = await lanIpv4(s);
  const portal = portalOf(s);
  await s.lab!.exec("target1", "ip", ["-6", "addr", "add", `${TARGET6}/64`, "dev", "eth0", "nodad"]);
  await portal.setIpv6Scanning(id, { mode: "static", ...SCAN6 });
  const since = Date.now();
  const cap = await captureOn(s, "dut", "lan0");
  try {
    const scan = await portal.launchScan(id, { title: "ipv6 scan", targets: [TARGET6, TARGET4] });
    const done = await scanEnded(s, portal, scan.id, "scan of an IPv6 and an IPv4 target");
    const results = done.results as { target?: string; icmp?: boolean }[];
    must(s.ui, results.find((r) => r.target === TARGET6)?.icmp === true, `uploaded result for ${TARGET6}`, "the ping answered", JSON.stringify(results));
    await framesSeen(s, cap, protocol("icmpv6").and(ipFrom(SCAN6.address)).and(ipTo(TARGET6)), `capture on the DUT's LAN: ICMPv6 echo to ${TARGET6} from ${SCAN6.address}`, 5_000);
    await framesSeen(s, cap, protocol("icmp").and(ipFrom(ip)).and(ipTo(TARGET4)), `capture on the DUT's LAN: ICMP echo to ${TARGET4} from LAN IPv4 ${ip}`, 5_000);
    const mgmt6 = await framesNow(cap, matching("HTTPS over IPv6", (f) => f.ip?.version === 6 && (f.tcp?.dstPort === 443 || f.tcp?.srcPort === 443) && f.ip.dst !== TARGET6 && f.ip.src !== TARGET6));
    same(s.ui, "management (HTTPS) frames over IPv6 on the LAN", 0, mgmt6.length);
    const sources = [...new Set((await portal.requests()).filter((r) => Date.parse(r.at) >= since).map((r) => r.sourceAddress.replace(/^::ffff:/, "")))];
    same(s.ui, "source of the platform requests while IPv6 scanning is on", [ip], sources);
  } finally {
    await closeCapture(cap);
  }
}
