// The portal's documented limits for the appliance's serial number ("You can add up to 4094 VLANs to devices with a
// serial number over 29000 and up to 99 VLANs to devices with a serial number under 29000"): the platform knows the
// appliance by the serial it reports, which must be the one on its label (the DUT's serial).
import { fact } from "../../fixtures/manual/index.ts";
import type { Vlan } from "../../harness/platform/portal.ts";
import type { Session } from "../rig.ts";
import { must, same } from "./common.ts";
import { activate, nameAndIp, portalOf } from "./platform.ts";

/** `n` distinct portal VLANs (IDs 1..n, each its own /24). */
function vlans(n: number): Vlan[] {
  return Array.from({ length: n }, (_, i) => ({ id: i + 1, address: `10.${100 + Math.floor(i / 256)}.${i % 256}.5/24` }));
}

/** Activate, check the portal lists the appliance under its label's serial, then try `ok` VLANs (accepted) and `ok + 1` (refused, unless null). */
async function vlanLimit(s: Session, user: string, ok: number, over: number | null): Promise<void> {
  const id = await activate(s, user);
  await nameAndIp(s, user, "after activation on the portal");
  const portal = portalOf(s);
  same(s.ui, "serial number the platform lists for the appliance (its label's)", s.dut.serial ?? "(none)", (await portal.appliance(id)).serial);
  const accepted = await portal.setVlans(id, vlans(ok)).then((v) => v.settings.vlans.length, (e: Error) => e.message);
  same(s.ui, `portal: ${ok} VLANs for serial ${s.dut.serial}`, ok, accepted);
  if (over === null) return;
  const refused = await portal.setVlans(id, vlans(over)).then(() => "accepted", (e: Error) => e.message);
  must(s.ui, refused !== "accepted", `portal: ${over} VLANs for serial ${s.dut.serial}`, `refused (up to ${ok})`, refused);
}

/** An appliance with a serial number under 29000: 99 VLANs accepted, 100 refused. */
export async function vlanLimitLowSerial(s: Session): Promise<void> {
  const max = Number(fact("vlan-portal-max-old").value);
  await vlanLimit(s, "oldserial", max, max + 1);
}

/** An appliance with a serial number over 29000: all 4094 VLAN IDs accepted. */
export async function vlanLimitHighSerial(s: Session): Promise<void> {
  await vlanLimit(s, "newserial", Number(fact("vlan-portal-max").value), null);
}

/** Serial numbers under and over the manual's threshold (never the twin's default 30512). */
export const LOW_SERIAL = String(Number(fact("serial-threshold").value) - 583);
export const HIGH_SERIAL = String(Number(fact("serial-threshold").value) + 2077);
