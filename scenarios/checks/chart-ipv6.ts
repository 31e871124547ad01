// "Complete the Network Configuration (IPv6-only mode)": RESET TO IPv6 ONLY MODE?, then automatic IPv6 (SLAAC, the
// RA's RDNSS) or, where the network announces nothing, ENABLE STATIC IPv6 ON LAN?; each reaches the platform (ACTIVATION
// CODE, or the name where the platform has the appliance activated already) and, once activated, shows is_<username>
// with the LAN's IPv6 address (manual: Enable IPv6-only Mode, Network Settings in IPv6-only Mode, Step 3).
import { applianceName, compressIpv6, errorFor } from "../../fixtures/manual/index.ts";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { homeShown, platformShown } from "./chart.ts";
import { must, same } from "./common.ts";
import { addressIn } from "../../netns/lab/facts.ts";
import { labOf } from "./facts.ts";
import { dutAddresses } from "./observe.ts";
import { activatedAs } from "./platform.ts";

/** How long the name and IP may take after activation (polls every 180 s of appliance time: 1.8 s at scale 0.01). */
const POLL_WAIT_MS = 30_000;
/** The manual address the static scenario enters: address 0x50 of the LAN's IPv6 subnet, the LAN router's IPv6 address
 *  as gateway and DNS server (the ipv6-static preset runs its DNS there). */
export function static6(s: Session): Readonly<Record<"IPv6 ADDR" | "IPv6 GW" | "IPv6 DNS1", string>> {
  const lan = labOf(s).network("lan0", { family: 6 });
  return Object.freeze({ "IPv6 ADDR": addressIn(lan.subnet, 0x50), "IPv6 GW": lan.address, "IPv6 DNS1": lan.address });
}

/** The appliance's global IPv6 addresses on its LAN (compressed) as the lab sees them on the LAN cable: the lab
 *  router's ND neighbours with the appliance's MAC (it routes the appliance's platform traffic), or DHCPv6 leases. */
async function lanIpv6(s: Session): Promise<string[]> {
  return (await dutAddresses(s, "LAN", 6)).map(compressIpv6);
}

/** Wait for is_<user>, and check the address shown is the LAN's IPv6 (the LCD may cut a long one at its width). */
export async function nameAndIpv6(s: Session, user: string, step: string): Promise<void> {
  const ready = await s.ui.waitState(step, `${applianceName(user)} and the LAN IPv6`, (x) => x.kind === "home" && x.name === applianceName(user), POLL_WAIT_MS);
  const shown = ready.kind === "home" ? ready.ip : ready.kind;
  const ips = await lanIpv6(s);
  const ok = ips.some((ip) => ip === shown || (shown.length >= 12 && ip.startsWith(shown)));
  must(s.ui, ok, `${step}: IPv6 on the name-and-IP screen`, ips.join(" or ") || "a global IPv6 on lan0", shown);
}

/** The factory IPv4+v6 mode on an IPv6-only LAN gets no IPv4 address; RESET TO IPv6 ONLY MODE? goes on. */
async function toIpv6Only(s: Session): Promise<void> {
  same(s.ui, "IPv4+v6 mode on an IPv6-only LAN", errorFor({ kind: "no-ipv4", iface: "LAN" }).text, await homeShown(s));
  await runFlow(s.ui, "reset-to-ipv6only");
}

/** Automatic IPv6 (SLAAC address, RDNSS resolver) reaches the platform; activation brings the name and IPv6. */
export async function autoIpv6Activation(s: Session): Promise<void> {
  await toIpv6Only(s);
  same(s.ui, "automatic IPv6 after RESET TO IPv6 ONLY MODE?", await platformShown(s), await homeShown(s));
  await activatedAs(s, "chart6a", nameAndIpv6);
}

/** No RA on the LAN: automatic IPv6 gets no address; ENABLE STATIC IPv6 ON LAN? reaches the platform; then activation. */
export async function staticIpv6Activation(s: Session): Promise<void> {
  await toIpv6Only(s);
  same(s.ui, "automatic IPv6 without router advertisements", errorFor({ kind: "no-ipv4", iface: "LAN" }).text, await homeShown(s));
  await runFlow(s.ui, "static-ipv6", static6(s));
  same(s.ui, "static IPv6 with DNS1 set", await platformShown(s), await homeShown(s));
  await activatedAs(s, "chart6s", nameAndIpv6);
}
