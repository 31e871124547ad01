// What a hardware appliance's lasting platform account (netns/services/platform/account.ts) records of its activation:
// read by the rig to tell "activated long ago" from a failure when a scenario needs a never-activated appliance.
import { join } from "node:path";
import { ACCOUNT_FILE, loadAccount } from "../../netns/services/platform/account.ts";
import type { ActivationRecord } from "../ui/index.ts";

/** The activation the account in `dir` records for appliance `name` (by its serial when the inventory gives one;
 *  the account is per appliance, so without a serial any activated record is its own); null when none. */
export function activationIn(dir: string, name: string, serial?: string): ActivationRecord | null {
  const account = loadAccount(join(dir, ACCOUNT_FILE));
  const activated = (account?.appliances ?? []).filter((a) => a.activatedAt !== undefined && (serial === undefined || a.serial === serial));
  const latest = activated.sort((a, b) => b.activatedAt! - a.activatedAt!)[0];
  return latest ? { appliance: name, at: new Date(latest.activatedAt!), account: dir } : null;
}
