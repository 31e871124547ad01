// Appliances that failed recovery (labgrid's strategy remembers its failure; here per appliance, for the process):
// once an appliance did not answer and its power cycle did not bring it back, its remaining scenarios are skipped
// with that cause instead of each trying again into the same dead box.
/** Why an appliance is broken, and since when. */
export interface Broken {
  readonly name: string;
  readonly cause: string;
  readonly since: Date;
}

const broken = new Map<string, Broken>();

/** Remember that appliance `name` is broken, with `cause` (the first cause stays). */
export function markBroken(name: string, cause: string): Broken {
  const known = broken.get(name);
  if (known) return known;
  const b = Object.freeze({ name, cause, since: new Date() });
  broken.set(name, b);
  return b;
}

/** The broken record of appliance `name`, if it failed recovery in this process. */
export function brokenAppliance(name: string): Broken | undefined {
  return broken.get(name);
}

/** Why a scenario on a broken appliance is skipped (the report's skip reason). */
export function brokenSkipReason(b: Broken): string {
  return `appliance ${b.name} is broken since ${b.since.toISOString()}: ${b.cause}`;
}

/** Forget that `name` is broken (a lab tech repaired it). */
export function clearBroken(name: string): void {
  broken.delete(name);
}
