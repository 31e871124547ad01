// Quick Start with the lab's platform emulator: the appliance shows its ACTIVATION CODE, the code entered on the
// portal turns it into is_<username> with its LAN IP; polling shows COMMUNICATION FAILURE while the LAN link is
// down and the name and IP again once it is back (manual: Step 3, Communication Failure message).
import { applianceName, screens } from "../../fixtures/manual/index.ts";
import { Portal } from "../../harness/platform/portal.ts";
import { DeviationError, type UiState } from "../../harness/ui/index.ts";
import { applyLinkDown } from "../../netns/faults/index.ts";
import { Deadline } from "../../netns/util/deadline.ts";
import type { Session } from "../rig.ts";
import { must, reachedPlatform, same } from "./common.ts";
import { cableOf, dutAddress, dutAddresses } from "./observe.ts";

/** How long the platform's answers may take to show (polls every 60 s of appliance time: 0.6 s at scale 0.01). */
const POLL_WAIT_MS = 30_000;

/** The portal of the session's lab platform. */
export function portalOf(s: Session): Portal {
  const socket = s.lab?.portalSocket;
  if (!socket) throw new Error(`${s.dut.name}: this scenario needs the lab's platform emulator (its portal), but ${s.lab ? `lab ${s.lab.name} runs none` : "the session has no lab"}`);
  return new Portal(socket);
}

/** The appliance's IPv4 address on its LAN (on its VLAN, if set) as the lab sees it on the LAN cable (observe.ts). */
export async function lanIpv4(s: Session): Promise<string> {
  return dutAddress(s, "LAN", 4);
}

/** The LCD's address with leading zeros dropped (the appliance may zero-pad octets). */
const plain = (ip: string) => ip.split(".").map((o) => String(Number(o))).join(".");

/** An appliance activated on the lab's platform: its id, the username it was activated as (its name is
 *  is_<username>), and whether this scenario activated it. */
export interface Activated {
  readonly id: string;
  readonly user: string;
  readonly here: boolean;
}

/** The name check a scenario makes once the appliance is activated (nameAndIp, or the IPv6 one). */
export type NameCheck = (s: Session, user: string, step: string) => Promise<void>;

/**
 * The appliance activated, for a scenario that needs an activated appliance (to scan, configure, or watch it poll)
 * rather than checking the activation itself. What the lab's platform records of it decides (common.ts
 * reachedPlatform): an appliance it has not activated shows ACTIVATION CODE and is activated as `user` here (Quick
 * Start, Step 3); one it has activated (a hardware appliance's lasting account: the manual has no way to undo an
 * activation) keeps its id and the username the platform has for it, and its portal settings go back to those of a
 * new activation (no VLANs, static routes or IPv6 scanning from an earlier scenario; enabled; 60 s polling). Either
 * way `check` then sees is_<username> with the LAN address.
 */
export async function activatedAs(s: Session, user: string, check: NameCheck = nameAndIp): Promise<Activated> {
  if ((await reachedPlatform(s)) === "activation-code") {
    const id = await activate(s, user);
    await check(s, user, "after activation on the portal");
    return { id, user, here: true };
  }
  const home = await s.ui.reach("home");
  same(s.ui, "home screen of an appliance the platform has activated, on a working network", "home", home.kind === "error" ? home.text : home.kind);
  const portal = portalOf(s);
  const seen = (await portal.appliances()).find((a) => a.serial === s.dut.serial);
  if (!seen?.owner || seen.activation !== "activated") {
    throw new DeviationError(s.ui.name, "the platform's record of the activated appliance", `appliance ${s.dut.serial} activated, with a username`, seen ? `${seen.activation}, username ${seen.owner ?? "none"}` : "not listed");
  }
  for (const reset of [
    () => portal.setVlans(seen.id, []),
    () => portal.setStaticRoutes(seen.id, []),
    () => portal.setIpv6Scanning(seen.id, { mode: "off" }),
    () => portal.setEnabled(seen.id, true),
    () => portal.setPollingInterval(seen.id, 60),
  ]) await reset();
  await check(s, seen.owner, `activated earlier as ${seen.owner} (${seen.activatedAt ?? "date unknown"})`);
  return { id: seen.id, user: seen.owner, here: false };
}

/** Boot to ACTIVATION CODE, check the platform knows that code, activate it as `user`; returns the appliance id. */
export async function activate(s: Session, user: string): Promise<string> {
  const home = await s.ui.reach("home");
  if (home.kind !== "activation-code") {
    same(s.ui, "home screen of a new appliance on a working network", screens.activationCode, home.kind === "error" ? home.text : home.kind);
  }
  const code = (home as Extract<UiState, { kind: "activation-code" }>).code;
  const portal = portalOf(s);
  const seen = await portal.waitForAppliance((a) => a.activation === "awaiting-activation", Deadline.in(10_000, "the appliance in the portal's list"));
  same(s.ui, "activation code shown = the platform's code for this appliance", seen.activationCode, code);
  const view = await portal.activate(code, user);
  await portal.setPollingInterval(view.id, 60);
  return view.id;
}

/**
 * Wait for the name-and-IP screen of `user` and check the IP is the LAN's. The manual's "You'll see the Scanner
 * Appliance name and IP address in the interface" is about the address the appliance uses on its LAN, so it is taken
 * from the LAN wire: the lab router's ARP neighbours with the appliance's MAC, or the LAN DHCP server's lease for it.
 */
export async function nameAndIp(s: Session, user: string, step: string): Promise<void> {
  const ready = await s.ui.waitState(step, `${applianceName(user)} and the LAN IP`, (x) => x.kind === "home" && x.name === applianceName(user), POLL_WAIT_MS);
  const shown = ready.kind === "home" ? plain(ready.ip) : undefined;
  // A silent LAN (split mode) is asked about the address shown: the appliance answers ARP from its MAC if it holds it.
  const ips = await dutAddresses(s, "LAN", 4, { probe: shown && /^\d+\.\d+\.\d+\.\d+$/.test(shown) ? [shown] : [] });
  must(s.ui, ready.kind === "home" && shown !== undefined && ips.includes(shown), `${step}: IP on the name-and-IP screen`, ips.join(" or "), ready.kind === "home" ? ready.ip : ready.kind);
}

/** Step 3: the ACTIVATION CODE activated on the portal brings the name-and-IP screen (is_<username>, LAN IP). */
export async function quickStartActivation(s: Session): Promise<void> {
  await activate(s, "jdoe");
  await nameAndIp(s, "jdoe", "after activation on the portal");
}

/** Communication Failure: the LAN link goes down -> COMMUNICATION FAILURE at the next poll; link back -> name and IP. */
export async function communicationFailure(s: Session): Promise<void> {
  const { user } = await activatedAs(s, "cfuser");
  const end = cableOf(s, "LAN"); // the appliance's LAN link goes down: carrier off on the lab end of its cable
  const fault = await applyLinkDown(end.ns, end.iface);
  try {
    await s.ui.waitState("poll with the LAN link down", screens.communicationFailure, (x) => x.kind === "communication-failure", POLL_WAIT_MS);
  } finally {
    await fault.remove();
  }
  await nameAndIp(s, user, "next successful poll after the link is back");
}
