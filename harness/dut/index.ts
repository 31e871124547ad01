// The DUT layer: attach the device under test named by HIL_DUT (twin by default, or inventory:NAME).
import { badDutSelector } from "./errors.ts";
import { HardwareDut } from "./hardware.ts";
import { TwinDut, type TwinDutOptions } from "./twin.ts";
import type { Dut, LabLike } from "./types.ts";

export type { Dut, DutTimings, LabLike, Model, PowerControl } from "./types.ts";
export { TwinDut, type TwinDutOptions } from "./twin.ts";
export { HardwareDut } from "./hardware.ts";
export { loadInventory, loadInventorySync, parseInventory, applianceNamed, HARDWARE_TIMINGS, DEFAULT_CA, type Inventory, type Appliance, type PlatformChoice } from "./inventory.ts";
export { Lease, LeaseBusyError, leaseWaitMs, type LeaseHolder } from "./lease.ts";
export { twinTimings, TWIN_FLOORS } from "./twin.ts";
export { moveNic, giveBack, giveBackAll, nicRecordPath, vanishedNote, type NicMove } from "../../netns/lab/nics.ts";
export { DutError } from "./errors.ts";

/** Which DUT a selector names: `twin`, or `NAME` / `FILE:NAME` from an inventory (default lab.yaml), or a pool of
 *  its appliances (`FILE:A,B` or `FILE:*`): each test file then leases one member that fits (harness/dut/pool.ts),
 *  and `name` is the first member's until the file has leased its own. */
export type DutSelector =
  | { readonly kind: "twin" }
  | { readonly kind: "hardware"; readonly file: string; readonly name: string; readonly pool?: readonly string[] | "*" };

/** Parse HIL_DUT (default "twin"). */
export function parseSelector(value = process.env.HIL_DUT ?? "twin", inventory = process.env.HIL_INVENTORY ?? "lab.yaml"): DutSelector {
  const v = value.trim();
  if (v === "" || v === "twin") return { kind: "twin" };
  const m = /^(?:(.+):)?(\*|[A-Za-z0-9_.-]+(?:,[A-Za-z0-9_.-]+)*)$/.exec(v);
  if (!m) throw badDutSelector(value, "expected twin, NAME, FILE:NAME (an appliance of the inventory), or a pool FILE:NAME,NAME... or FILE:*");
  const file = m[1] ?? inventory;
  if (m[2] === "*") return { kind: "hardware", file, name: "*", pool: "*" };
  const names = m[2]!.split(",");
  if (new Set(names).size !== names.length) throw badDutSelector(value, `expected each appliance named once, found ${names.filter((n, i) => names.indexOf(n) !== i).join(", ")} twice`);
  return names.length === 1 ? { kind: "hardware", file, name: names[0]! } : { kind: "hardware", file, name: names[0]!, pool: names };
}

/** Attach the selected DUT (twin options apply to the twin only). */
export async function attachDut(selector: DutSelector, lab?: LabLike, twin: TwinDutOptions = {}): Promise<Dut> {
  if (selector.kind === "twin") return TwinDut.start(twin, lab);
  return HardwareDut.attach(selector.file, selector.name, lab);
}
