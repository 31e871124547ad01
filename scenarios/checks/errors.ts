// LAN/WAN rows of "Appliance Network Errors" produced by the real condition behind each, and the older model's E-code
// for the same condition ("Network Errors using older appliance model"). A row is a setup (how the appliance gets
// there: at boot, a WAN flow, a static entry, a fault then a renew) and the condition it must end in; `errorRowCheck`
// turns it into a scenario check that reads the home screen and compares it with the oracle (text or E-codes).
import { errorFor, legacyCodesFor, type FlowId, type NetworkCondition, type PortLink } from "../../fixtures/manual/index.ts";
import { runFlow, type UiState } from "../../harness/ui/index.ts";
import { applyDnsUnreachable, applyLinkDown, applyReject, applySquatterHost, type Fault } from "../../netns/faults/index.ts";
import { applyPartnerSetting } from "../../netns/faults/partner.ts";
import type { Session } from "../rig.ts";
import { lanDhcpFlow, must, same, reachedPlatform, screenShows } from "./common.ts";
import { labOf, platformAt, served } from "./facts.ts";
import { cableOf } from "./observe.ts";
import { activatedAs, portalOf } from "./platform.ts";

/** What one setup step leaves behind to undo after the check (a lab fault), if anything. */
type Undo = Pick<Fault, "remove"> | void;
/** One step of a row's setup, run against the session. */
export type Step = (s: Session) => Promise<Undo>;

/** The home screen as a comparable value: its kind, the error text, or the older model's "Exx" code. */
function shownOf(h: UiState): string {
  if (h.kind !== "error") return h.kind;
  return h.error.kind === "code" ? h.error.code : h.text;
}

/** The home screen now (the strategy leaves menus and waits out messages first). */
async function home(s: Session): Promise<string> {
  return shownOf(await s.ui.reach("home"));
}

/** The home screen must show that the platform was reached (ACTIVATION CODE, or the name where the platform has the
 *  appliance activated) before a fault is applied. */
async function platformReachedBefore(s: Session, step: string): Promise<void> {
  same(s.ui, step, await reachedPlatform(s), await home(s));
}

/** Boot and settle on the home screen, whatever it shows (the condition may already be there). */
export const boot: Step = async (s) => void (await home(s));

/** Field values for a flow: fixed, or read from the session's lab (its subnets, router, DNS server). */
export type FlowValues = Readonly<Record<string, string>> | ((s: Session) => Readonly<Record<string, string>>);

/** Run `flow` with `values` from the home screen (its connection check is the one the row is read from). */
export const flowStep = (flow: FlowId, values: FlowValues = {}): Step => async (s) => {
  await home(s);
  await runFlow(s.ui, flow, typeof values === "function" ? values(s) : values);
};

/** Boot, ENABLE DHCP ON WAN, and the platform reached through the WAN (the baseline of the WAN fault rows). */
export const wanBaseline: Step = async (s) => {
  await flowStep("wan-dhcp")(s);
  await platformReachedBefore(s, "connection check through the WAN before the fault");
};

/** Boot until the platform is reached on the LAN (the baseline of the LAN fault rows). */
export const lanBaseline: Step = async (s) => platformReachedBefore(s, "connection check on the LAN before the fault");

/** Activated (on the portal here, or earlier where the platform has it activated) and showing its name and IP
 *  (E13 instead of E14 afterwards). */
export const activated: Step = async (s) => void (await activatedAs(s, "errors"));

/** RENEW (or ENABLE) DHCP ON LAN from where the appliance stands: its connection check is the one the row is read from. */
export const renewLan: Step = async (s) => void (await runFlow(s.ui, lanDhcpFlow(s.ui)));

/** Then: the home screen shows `condition`'s text (a second row checked in the same scenario). */
export const shows = (condition: NetworkCondition, step: string): Step => async (s) => same(s.ui, step, errorFor(condition).text, await home(s));

/** Stand in SETUP NETWORK (a failed poll does not redraw the menus) and apply a lab fault. */
export const fault = (apply: (s: Session) => Promise<Pick<Fault, "remove">>): Step => async (s) => {
  await s.ui.reach("setup");
  return apply(s);
};

/** The WAN link partner (the lab end of the WAN cable) takes its port down: the WAN loses carrier. */
export const wanLinkDown = fault((s) => {
  const end = cableOf(s, "WAN");
  return applyLinkDown(end.ns, end.iface);
});
/** The lab end of the LAN cable takes its port down, where the appliance stands: the LAN loses carrier. */
export const lanLinkDown: Step = async (s) => {
  const end = cableOf(s, "LAN");
  return applyLinkDown(end.ns, end.iface);
};
/** The LAN's DNS server (the one its DHCP hands out) drops the queries arriving from the appliance's LAN cable. */
export const lanDnsDrops = fault((s) => applyDnsUnreachable(cableOf(s, "LAN"), s.lab!.prefix, served(s).dns, "drop"));
/** The LAN router rejects connections to the platform (TCP reset). */
export const platformRejected = fault((s) => applyReject(s.lab!.ns(labOf(s).network("lan0").host), s.lab!.prefix, platformAt(s)));
/** The platform emulator answers HTTP 500 until the row is done. */
export const platformHttp500 = fault(async (s) => {
  const portal = portalOf(s);
  await portal.injectFault("http-500");
  return { remove: async () => void (await portal.clearFault()) };
});

/** The WAN's DNS server (the one its DHCP hands out) drops the queries arriving from the appliance's WAN cable. */
export const wanDnsDrops = fault((s) => applyDnsUnreachable(cableOf(s, "WAN"), s.lab!.prefix, served(s, "wan0").dns, "drop"));

/** Another host on the LAN bridge holds `address` (a squatter cabled into lanrtr's br0, on the LAN's prefix). */
export const lanSquatter = (address: (s: Session) => string): Step => async (s) => {
  await home(s);
  const lan = labOf(s).network("lan0");
  return applySquatterHost(s.lab!.prefix, s.lab!.ns(lan.host), lan.iface, `${address(s)}/${lan.subnet.split("/")[1]}`);
};

/**
 * The lab forces the link partner of the appliance's `port` to `setting` (autonegotiation off) on the lab end of its
 * cable: a veth gets the alias `hil-link-partner=<setting>` (the twin reads its cable's far end), a host NIC cabled to
 * hardware is set with `ethtool -s`. Undone (AUTO) after the row.
 */
export const partnerForced = (port: "LAN" | "WAN", setting: PortLink): Step => async (s) => {
  const end = cableOf(s, port);
  return applyPartnerSetting(end.ns, end.iface, setting);
};

/** Set the port's PORT LINK to `setting`, then renew DHCP on that interface so the connection check runs with it. */
export const portLink = (port: "LAN" | "WAN", setting: PortLink): Step => async (s) => {
  await s.ui.reach("setup");
  await runFlow(s.ui, port === "LAN" ? "lan-port-link" : "wan-port-link", { [`${port} PORT LINK`]: setting });
  await runFlow(s.ui, port === "LAN" ? lanDhcpFlow(s.ui) : "renew-dhcp-wan");
};

/** Then: after a port-link change that matches the partner, the platform is reached again. */
export const platformAgain = (why: string): Step => async (s) => platformReachedBefore(s, why);

/** One LAN/WAN row: how the appliance gets there, and the condition it must then report. */
export interface ErrorRow {
  readonly condition: NetworkCondition;
  readonly setup: readonly Step[];
  /** What the scenario checks, in words (the check step's name). */
  readonly step: string;
  /** Steps after the row is checked (e.g. the fix brings the platform back). */
  readonly after?: readonly Step[];
  /** The appliance is activated before the condition (older model: E13, not E14). Unset: the older model's code follows
   *  the activation as the lab's platform records it at the check (E14 "during scanner activation" while never
   *  activated, E13 once activated). */
  readonly activated?: boolean;
  /** The static address or gateway is 127.x (older model: E09/E11 instead of E07/E08). */
  readonly loopback?: boolean;
}

/** The older model's codes for a row (several: any of them), on an appliance never activated (`activating`) or not. */
export const rowLegacyCodes = (row: ErrorRow, activating: boolean) => legacyCodesFor(row.condition, { activating: activating && !row.activated, loopbackAddress: row.loopback ?? false });

/** The older model's codes for a row in words: one list, or the two lists where the activation decides. */
export function rowLegacyText(row: ErrorRow): string {
  const [never, once] = [rowLegacyCodes(row, true).join(" or "), rowLegacyCodes(row, false).join(" or ")];
  return never === once ? never : `${never} while never activated, ${once} once activated`;
}

/** The check of a row on the current model: the manual's exact text; on the older model: one of its E-codes. */
export function errorRowCheck(row: ErrorRow, model: "current" | "legacy"): (s: Session) => Promise<void> {
  return async (s) => {
    const undo: Pick<Fault, "remove">[] = [];
    try {
      for (const step of row.setup) {
        const u = await step(s);
        if (u) undo.push(u);
      }
      // The verdict polls the home screen for up to one connection check's time (a slow but correct appliance passes).
      await home(s);
      if (model === "current") {
        await screenShows(s, row.step, { text: errorFor(row.condition).text });
      } else {
        // "during scanner activation": what the lab's platform records of the appliance now, not a row constant.
        const activating = (await reachedPlatform(s)) === "activation-code";
        const codes: readonly string[] = rowLegacyCodes(row, activating);
        await screenShows(s, `${row.step} (older model, ${activating ? "never activated" : "activated"} on the platform)`, { describe: codes.map((c) => `ERROR ${c}`).join(" or "), accept: (t) => codes.some((c) => t === `ERROR ${c}`), screenText: false });
      }
      for (const step of row.after ?? []) await step(s);
    } finally {
      for (const f of undo.reverse()) await f.remove();
    }
  };
}
