// Scans on the portal's VLANs and static routes ("Configure VLANs / Static Routes using the Qualys UI"): a portal
// VLAN's scan frames carry its 802.1Q tag on the wire, and a scan of a static route's destination is sent to that
// route's gateway; the portal takes up to the manual's maximum of static routes.
import { fact } from "../../fixtures/manual/index.ts";
import { ipTo, matching, protocol, vlanStack } from "../../harness/capture/index.ts";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { must } from "./common.ts";
import { closeCapture, framesNow, framesSeen, scanEnded } from "./platform-common.ts";
import { captureAt } from "./observe.ts";
import { ready, resultOf } from "./platform-scan.ts";

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
  const cap = await captureAt(s, "LAN");
  try {
    const scan = await portal.launchScan(id, { title: "portal vlan", targets: ["10.77.101.21"], vlanId: 200 });
    const done = await scanEnded(s, portal, scan.id, "scan on portal VLAN 200");
    await framesSeen(s, cap, protocol("icmp").and(ipTo("10.77.101.21")).and(vlanStack(200)), "capture on the LAN cable trunk: ICMP echo to 10.77.101.21 tagged VLAN 200", 5_000);
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
  const cap = await captureAt(s, "LAN");
  try {
    const scan = await portal.launchScan(id, { title: "static route", targets: ["10.77.50.1"] });
    const done = await scanEnded(s, portal, scan.id, "scan of the static route's destination");
    const toTarget = await framesNow(cap, protocol("icmp").and(ipTo("10.77.50.1")));
    must(s.ui, toTarget.length > 0 && toTarget.every((f) => f.eth.dst === gwMac), "capture on the LAN cable: ICMP echo to 10.77.50.1",
      `sent to the route's gateway 10.77.1.22 (${gwMac})`, toTarget.map((f) => f.eth.dst).join(", ") || "no echo");
    must(s.ui, resultOf(done, "10.77.50.1")?.icmp === true, "uploaded result for 10.77.50.1", "the ping answered", JSON.stringify(done.results));
  } finally {
    await closeCapture(cap);
  }
}
