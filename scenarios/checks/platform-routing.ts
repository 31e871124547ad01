// Scans on the portal's VLANs and static routes ("Configure VLANs / Static Routes using the Qualys UI"): a portal
// VLAN's scan frames carry its 802.1Q tag on the wire, and a scan of a static route's destination is sent to that
// route's gateway; the portal takes up to the manual's maximum of static routes.
import { fact } from "../../fixtures/manual/index.ts";
import { ipTo, matching, protocol, vlanStack } from "../../harness/capture/index.ts";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { must } from "./common.ts";
import { closeCapture, framesNow, framesSeen, scanEnded } from "./platform-common.ts";
import { addressIn } from "../../netns/lab/facts.ts";
import { labOf, served } from "./facts.ts";
import { captureAt } from "./observe.ts";
import { ready, resultOf } from "./platform-scan.ts";

/** Networks this scenario adds to the lab itself: the portal VLAN 200's subnet (lanrtr takes address 1, the appliance
 *  address 5), a subnet behind a static route (target2 answers for its address 1), and filler routes' subnets. */
const VLAN200_NET = "10.77.200.0/24";
const ROUTED_NET = "10.77.50.0/24";
const ROUTED_TARGET = addressIn(ROUTED_NET, 1);
const fillerNet = (i: number) => `10.78.${i}.0/24`;

/** VLAN lab, console VLAN 100: a portal VLAN 200 scan leaves tagged 200 and reaches a routed target through it. */
export async function scanOnPortalVlan(s: Session): Promise<void> {
  const lab = s.lab!;
  await s.ui.reach("home");
  await runFlow(s.ui, "vlan-enable", { "VLAN 0-4094": "100" });
  const { id, portal } = await ready(s, "portalvlan");
  // The lab's target (routed behind lanrtr).
  const target = lab.address("target1");
  const dev = await lab.addVlan("lanrtr", "trunk0", 200);
  await lab.exec("lanrtr", "ip", ["addr", "add", `${addressIn(VLAN200_NET, 1)}/24`, "dev", dev]);
  await lab.exec("lanrtr", "ip", ["link", "set", dev, "up"]);
  await portal.setVlans(id, [{ id: 200, address: `${addressIn(VLAN200_NET, 5)}/24`, gateway: addressIn(VLAN200_NET, 1) }]);
  const cap = await captureAt(s, "LAN");
  try {
    const scan = await portal.launchScan(id, { title: "portal vlan", targets: [target], vlanId: 200 });
    const done = await scanEnded(s, portal, scan.id, "scan on portal VLAN 200");
    await framesSeen(s, cap, protocol("icmp").and(ipTo(target)).and(vlanStack(200)), `capture on the LAN cable trunk: ICMP echo to ${target} tagged VLAN 200`);
    const other = await framesNow(cap, ipTo(target).and(matching("not tagged VLAN 200", (f) => !f.vlan?.includes(200))));
    must(s.ui, other.length === 0, "scan frames on the trunk", "every frame to the target tagged VLAN 200", `${other.length} frame(s) otherwise tagged (${JSON.stringify(other[0]?.vlan ?? "untagged")})`);
    must(s.ui, resultOf(done, target)?.icmp === true, `uploaded result for ${target} on VLAN 200`, "the ping answered", JSON.stringify(done.results));
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
  // target2 stands in for the router of ROUTED_NET and answers for its target itself; the
  // filler routes lead through the LAN's router.
  const [router, lanGateway] = [labOf(s).address("target2"), served(s).router];
  await s.lab!.exec("target2", "ip", ["addr", "add", `${ROUTED_TARGET}/32`, "dev", "lo"]);
  const gwMac = await macOf(s, "target2");
  const max = Number(fact("static-routes-max").value);
  const filler = Array.from({ length: max - 1 }, (_, i) => ({ destination: fillerNet(i + 1), gateway: lanGateway }));
  const routes = [...filler, { destination: ROUTED_NET, gateway: router, name: "lab net 50" }];
  const refused = await portal.setStaticRoutes(id, [...routes, { destination: fillerNet(200), gateway: lanGateway }]).then(() => "accepted", (e: Error) => e.message);
  must(s.ui, refused !== "accepted", `portal: static route number ${max + 1}`, `refused (up to ${max} static routes)`, refused);
  await portal.setStaticRoutes(id, routes);
  const cap = await captureAt(s, "LAN");
  try {
    const scan = await portal.launchScan(id, { title: "static route", targets: [ROUTED_TARGET] });
    const done = await scanEnded(s, portal, scan.id, "scan of the static route's destination");
    const toTarget = await framesNow(cap, protocol("icmp").and(ipTo(ROUTED_TARGET)));
    must(s.ui, toTarget.length > 0 && toTarget.every((f) => f.eth.dst === gwMac), `capture on the LAN cable: ICMP echo to ${ROUTED_TARGET}`,
      `sent to the route's gateway ${router} (${gwMac})`, toTarget.map((f) => f.eth.dst).join(", ") || "no echo");
    must(s.ui, resultOf(done, ROUTED_TARGET)?.icmp === true, `uploaded result for ${ROUTED_TARGET}`, "the ping answered", JSON.stringify(done.results));
  } finally {
    await closeCapture(cap);
  }
}
