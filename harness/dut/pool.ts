// Several appliances on one host: a run names a pool of them (HIL_DUT=FILE:A,B or FILE:*), and each test file leases
// one free appliance that has what its scenarios need (the model, and the inventory tags wan, vlan, ipv6), so files
// run on different appliances at once and never two on one. Needs none fits are said with each member's reason;
// when every fitting member is busy, the taker waits for the first free.
import { Deadline, POLL_BACKOFF_MS } from "../../netns/util/deadline.ts";
import { DutError } from "./errors.ts";
import { FEATURES, type Appliance, type Feature, type Inventory } from "./inventory.ts";
import { Lease, LeaseBusyError, type LeaseHolder } from "./lease.ts";
import type { Model } from "./types.ts";

/** What a scenario (or a test file: the union of its scenarios') needs of its appliance: its model, and the tags
 *  it must have (none: plain IPv4 on the LAN port). */
export interface Needs {
  readonly model: Model;
  readonly features?: readonly Feature[];
}

/** How an inventory says an appliance lacks a tag (for a reason a reader can act on). */
const LACKS: Readonly<Record<Feature, string>> = {
  wan: "no WAN port cabled (no wan NIC in its inventory entry)",
  vlan: "no VLAN trunk (vlan not in its inventory has)",
  ipv6: "no IPv6 lab network (ipv6 not in its inventory has)",
};

/** Why `a` cannot serve `needs`, or null when it can: its model, or each tag it lacks. */
export function unfit(a: Appliance, needs: Needs): string | null {
  if (a.model !== needs.model) return `${a.name} is a ${a.model} model appliance, not ${needs.model}`;
  const lacking = FEATURES.filter((f) => needs.features?.includes(f) && !a.has.includes(f));
  return lacking.length ? `${a.name} has ${lacking.map((f) => LACKS[f]).join(", ")}` : null;
}

/** `needs` in words: "a current model appliance" or "a current model appliance with wan, vlan". */
export function needsText(needs: Needs): string {
  const features = FEATURES.filter((f) => needs.features?.includes(f));
  return `a ${needs.model} model appliance${features.length ? ` with ${features.join(", ")}` : ""}`;
}

/** The needs of several scenarios at once (one appliance serving them all), or null when they ask for different
 *  models (no appliance is both). */
export function unionOf(all: readonly Needs[], fallback: Model = "current"): Needs | null {
  const models = new Set(all.map((n) => n.model));
  if (models.size > 1) return null;
  const features = FEATURES.filter((f) => all.some((n) => n.features?.includes(f)));
  return { model: [...models][0] ?? fallback, features };
}

/** The appliances of `inventory` named by the pool (`"*"`: all of them), in inventory order. */
export function poolMembers(inventory: Inventory, names: readonly string[] | "*"): Appliance[] {
  if (names === "*") {
    if (!inventory.appliances.length) throw new DutError(`HIL_DUT names every appliance of ${inventory.file}, which lists none`);
    return [...inventory.appliances];
  }
  return names.map((n) => {
    const a = inventory.appliances.find((x) => x.name === n);
    if (!a) throw new DutError(`HIL_DUT names appliance ${n}, which ${inventory.file} does not list (it lists ${inventory.appliances.map((x) => x.name).join(", ") || "none"})`);
    return a;
  });
}

/** No member of the pool can serve the file's scenarios: each member with its reason (a skip, not a failure). */
export class NoFittingAppliance extends DutError {
  constructor(readonly reasons: readonly string[], needs: Needs) {
    super(`no appliance of the pool is ${needsText(needs)}: ${reasons.join("; ")}`);
  }
}

/** A leased member of the pool. */
export interface Leased {
  readonly appliance: Appliance;
  readonly lease: Lease;
}

/** Lease the first free member of `members` that fits `needs`, waiting up to `waitMs` for one to be released;
 *  fails naming every holder when none came free. */
export async function leaseFitting(members: readonly Appliance[], needs: Needs, options: { waitMs: number; dir?: string }): Promise<Leased> {
  const fitting = members.filter((a) => unfit(a, needs) === null);
  if (!fitting.length) throw new NoFittingAppliance(members.map((a) => unfit(a, needs)!), needs);
  const deadline = Deadline.in(options.waitMs, `a free ${needsText(needs).slice(2)} of ${fitting.map((a) => a.name).join(", ")}`);
  for (let i = 0; ; i++) {
    const busy: Array<[string, LeaseHolder]> = [];
    for (const appliance of fitting) {
      try {
        return { appliance, lease: await Lease.take(appliance.name, { waitMs: 0, ...(options.dir ? { dir: options.dir } : {}) }) };
      } catch (error) {
        if (!(error instanceof LeaseBusyError)) throw error;
        busy.push([appliance.name, error.holder]);
      }
    }
    if (deadline.expired) {
      const held = busy.map(([n, h]) => `${n} by pid ${h.pid} (${h.command}) since ${h.since}`).join("; ");
      throw new DutError(`every ${needsText(needs).slice(2)} of the pool is leased: ${held}; waited ${Math.round(deadline.elapsed / 1000)} s (HIL_LEASE_WAIT)`);
    }
    await new Promise((r) => setTimeout(r, Math.min(POLL_BACKOFF_MS[Math.min(i, POLL_BACKOFF_MS.length - 1)]!, deadline.remaining)));
  }
}
