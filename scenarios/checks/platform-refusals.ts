// The platform's refusals of the current model's troubleshooting table ("This scan_id does not exist", "This Scanner
// is disabled", "Account expired"; the rows after the page break of Appliance Network Errors): an activated appliance shows the name and IP; the portal removes or disables it, or the
// subscription expires; the next connection check (ENABLE/RENEW DHCP ON LAN) shows the manual's text.
import { errorFor, type NetworkCondition } from "../../fixtures/manual/index.ts";
import type { Portal } from "../../harness/platform/portal.ts";
import { runFlow } from "../../harness/ui/index.ts";
import type { Session } from "../rig.ts";
import { lanDhcpFlow, same } from "./common.ts";
import { activatedAs, portalOf } from "./platform.ts";

/** A portal action that makes the platform refuse the appliance (undone after the check). */
type Refusal = (portal: Portal, id: string) => Promise<() => Promise<unknown>>;

/** Activate, apply `refuse` on the portal, renew: the home screen shows `condition`'s text. */
function refusalRow(refuse: Refusal, condition: NetworkCondition, step: string): (s: Session) => Promise<void> {
  return async (s) => {
    const { id } = await activatedAs(s, "olduser");
    await s.ui.reach("setup"); // in the menus, a failed poll does not redraw the screen
    const portal = portalOf(s);
    const undo = await refuse(portal, id);
    try {
      await runFlow(s.ui, lanDhcpFlow(s.ui));
      const h = await s.ui.reach("home");
      same(s.ui, step, errorFor(condition).text, h.kind === "error" ? h.text : h.kind);
    } finally {
      await undo();
    }
  };
}

/** The portal disables the appliance: "This Scanner is disabled". */
export const scannerDisabled = refusalRow(async (p, id) => (await p.setEnabled(id, false), () => p.setEnabled(id, true)), { kind: "scanner-disabled" }, "connection check of an appliance disabled on the portal");

/** The subscription expires: "Account expired". */
export const accountExpired = refusalRow(async (p) => (await p.setSubscriptionExpired(true), () => p.setSubscriptionExpired(false)), { kind: "account-expired" }, "connection check with the subscription expired");

/** The portal removes the appliance: "This scan_id does not exist". */
export const scanIdUnknown = refusalRow(async (p, id) => (await p.removeAppliance(id), async () => undefined), { kind: "scanner-not-registered" }, "connection check of an appliance removed from the portal");
