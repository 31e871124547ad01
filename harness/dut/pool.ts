// Several appliances on one host: a run names a pool of them (HIL_DUT=FILE:A,B or FILE:*), and each test file leases
// one free appliance that has what its scenarios need (today: the model), so files run on different appliances at
// once and never two on one. An appliance none fits is said with the reason; one all are busy waits for the first free.
import { Deadline, POLL_BACKOFF_MS } from "../../netns/util/deadline.ts";
import { DutError } from "./errors.ts";
import type { Appliance, Inventory } from "./inventory.ts";
import { Lease, LeaseBusyError, type LeaseHolder } from "./lease.ts";
import type { Model } from "./types.ts";

/** What a test file needs of its appliance. */
export interface Needs {
  readonly model: Model;
}

/** Why `a` cannot serve `needs`, or null when it can. */
export function unfit(a: Appliance, needs: Needs): string | null {
  return a.model === needs.model ? null : `${a.name} is a ${a.model} model appliance, not ${needs.model}`;
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
    super(`no appliance of the pool is a ${needs.model} model appliance: ${reasons.join("; ")}`);
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
  const deadline = Deadline.in(options.waitMs, `a free ${needs.model} model appliance of ${fitting.map((a) => a.name).join(", ")}`);
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
      throw new DutError(`every ${needs.model} model appliance of the pool is leased: ${held}; waited ${Math.round(deadline.elapsed / 1000)} s (HIL_LEASE_WAIT)`);
    }
    await new Promise((r) => setTimeout(r, Math.min(POLL_BACKOFF_MS[Math.min(i, POLL_BACKOFF_MS.length - 1)]!, deadline.remaining)));
  }
}
