// The portal's documented limits for the appliance's serial number ("You can add up to 4094 VLANs to devices with a
// serial number over 29000 and up to 99 VLANs to devices with a serial number under 29000"): the platform knows the
// appliance by the serial it reports, which must be the one on its label (the DUT's serial).
import { fact } from "../../fixtures/manual/index.ts";
import type { Vlan } from "../../harness/platform/portal.ts";
import type { Session } from "../rig.ts";
import { must, same } from "./common.ts";
import { activatedAs, portalOf } from "./platform.ts";

/** `n` distinct portal VLANs (IDs 1..n, each its own /24). */
function vlans(n: number): Vlan[] {
  return Array.from({ length: n }, (_, i) => ({ id: i + 1, address: `10.${100 + Math.floor(i / 256)}.${i % 256}.5/24` }));
}

/** The VLAN limit the manual gives for `serial`: 4094 over the threshold, 99 otherwise (non-numeric serials too). */
export function vlanLimitFor(serial: string): number {
  const over = /^[0-9]+$/.test(serial) && Number(serial) > Number(fact("serial-threshold").value);
  return Number(fact(over ? "vlan-portal-max" : "vlan-portal-max-old").value);
}

/** Activate, check the portal lists the appliance under its label's serial, then the limit for that serial: that many
 *  VLANs accepted, one more refused (the ID range ends at 4094, so over the threshold there is no "one more"). */
async function vlanLimit(s: Session, user: string): Promise<void> {
  const { id } = await activatedAs(s, user);
  const portal = portalOf(s);
  const serial = s.dut.serial ?? "(none)";
  same(s.ui, "serial number the platform lists for the appliance (its label's)", serial, (await portal.appliance(id)).serial);
  const max = vlanLimitFor(serial);
  const accepted = await portal.setVlans(id, vlans(max)).then((v) => v.settings.vlans.length, (e: Error) => e.message);
  same(s.ui, `portal: ${max} VLANs for serial ${serial}`, max, accepted);
  if (max >= Number(fact("vlan-portal-max").value)) return;
  const refused = await portal.setVlans(id, vlans(max + 1)).then(() => "accepted", (e: Error) => e.message);
  must(s.ui, refused !== "accepted", `portal: ${max + 1} VLANs for serial ${serial}`, `refused (up to ${max})`, refused);
}

/** The twin started with a serial under 29000 (hardware: its own serial's limit): 99 VLANs accepted, 100 refused. */
export async function vlanLimitLowSerial(s: Session): Promise<void> {
  await vlanLimit(s, "oldserial");
}

/** The twin started with a serial over 29000 (hardware: its own serial's limit): all 4094 VLAN IDs accepted. */
export async function vlanLimitHighSerial(s: Session): Promise<void> {
  await vlanLimit(s, "newserial");
}

/** Serial numbers under and over the manual's threshold (never the twin's default 30512). */
export const LOW_SERIAL = String(Number(fact("serial-threshold").value) - 583);
export const HIGH_SERIAL = String(Number(fact("serial-threshold").value) + 2077);
