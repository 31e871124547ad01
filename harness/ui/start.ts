// The state a scenario starts from (typed), the configuration the appliance's screens show, and the plan that
// brings one to the other the cheapest way the manual allows.
import { portLinks, type MenuState, type NetworkMode } from "../../fixtures/manual/index.ts";

/** Values per field prompt, as runFlow takes them (e.g. {"LAN IP ADDR": "10.77.1.50"}). */
export type FlowValues = Readonly<Record<string, string>>;
/** A port link setting of the manual's ring (AUTO, 1GbaseT/Full, ...). */
export type PortLinkSetting = (typeof portLinks)[number];

/** The state a scenario starts from. Every key has a factory default (START_DEFAULTS). */
export interface StartState {
  /** Network mode (RESET TO IPv6 ONLY MODE? / RESET TO IPv4+v6 MODE?). */
  readonly mode: NetworkMode;
  /** LAN: DHCP (IPv4+v6) or automatic IPv6 (IPv6-only), or static with the values for the static flow's prompts. */
  readonly lan: "dhcp" | "auto6" | { readonly static: FlowValues };
  /** VLAN ID on the LAN (0: none). */
  readonly vlan: number;
  /** Proxy: none, or the values for ENABLE PROXY's prompts. */
  readonly proxy: "none" | { readonly values: FlowValues };
  /** WAN interface (IPv4+v6 only): none, DHCP, or static with the values for its prompts. */
  readonly wan: "none" | "dhcp" | { readonly static: FlowValues };
  /** Port link settings (AUTO: auto negotiation, the factory default). */
  readonly links: { readonly lan: PortLinkSetting; readonly wan: PortLinkSetting };
  /** Activated on the lab's platform, not activated (ACTIVATION CODE shown), or either. */
  readonly activated: boolean | "any";
  /** Fresh: the scenario starts right after a boot (power cycle, or a reboot where the DUT has no power control).
   *  Check: the appliance has made a connection check since the start was reached (so what it shows was seen in
   *  this lab): a flow of the plan that makes one, else RESET ALL NETWORK SETTINGS where the start is the factory
   *  configuration, else a boot. */
  readonly boot: "any" | "check" | "fresh";
}

/** What a scenario states: the keys that differ from the factory defaults. */
export type StartSpec = Partial<StartState>;

/** The factory defaults (manual, Reset All Network Settings: "DHCP enabled, no VLAN configuration, no Proxy
 *  configuration, no split network configuration, and Ethernet auto negotiation enabled"), either activation, no boot. */
export const START_DEFAULTS: StartState = Object.freeze({
  mode: "ipv4v6", lan: "dhcp", vlan: 0, proxy: "none", wan: "none", links: Object.freeze({ lan: "AUTO", wan: "AUTO" }), activated: "any", boot: "any",
});

/** A scenario's start with defaults filled; a mode's own LAN default (auto6 in IPv6-only mode). Errors name the key. */
export function resolveStart(spec: StartSpec = {}): StartState {
  const mode = spec.mode ?? "ipv4v6";
  const lan = spec.lan ?? (mode === "ipv6only" ? "auto6" : "dhcp");
  const bad = (key: string, expected: string, found: unknown) => new TypeError(`start.${key}: expected ${expected}, found ${JSON.stringify(found)}`);
  if (mode === "ipv6only" && lan === "dhcp") throw bad("lan", 'auto6 or {static} in mode "ipv6only"', lan);
  if (mode === "ipv4v6" && lan === "auto6") throw bad("lan", 'dhcp or {static} in mode "ipv4v6"', lan);
  if (mode === "ipv6only" && (spec.wan ?? "none") !== "none") throw bad("wan", 'none in mode "ipv6only" (no split network there)', spec.wan);
  const vlan = spec.vlan ?? 0;
  if (!Number.isInteger(vlan) || vlan < 0 || vlan > 4094) throw bad("vlan", "an integer 0-4094", vlan);
  const links = { ...START_DEFAULTS.links, ...(spec.links ?? {}) };
  for (const [port, v] of Object.entries(links)) if (!portLinks.includes(v)) throw bad(`links.${port}`, `one of ${portLinks.join(", ")}`, v);
  return Object.freeze({ ...START_DEFAULTS, ...spec, mode, lan, vlan, links: Object.freeze(links) });
}

/** The configuration the appliance's screens show (SETUP NETWORK, its WAN submenu, the port link screens). */
export interface SeenConfig {
  readonly mode: NetworkMode;
  /** static/dhcp from CHANGE vs ENABLE STATIC IP ON LAN; in IPv6-only mode the menu does not tell (the label
   *  stays), so it is auto6/static6 only when this driver set it itself, else unknown. */
  /** `dhcp-menu`: DHCP enabled from the menu (RENEW DHCP ON LAN shown, ENABLE VLAN ON LAN hidden). */
  readonly lan: "dhcp" | "dhcp-menu" | "static" | "auto6" | "static6" | "ipv6-unknown";
  readonly vlan: boolean;
  readonly proxy: boolean;
  readonly wan: "none" | "dhcp" | "static";
  readonly links: { readonly lan: string; readonly wan: string | null };
}

/** The driver's menu belief for a seen configuration (IPv6-only LAN labels are the same either way). */
export function beliefOf(seen: SeenConfig): MenuState {
  const lan = seen.mode === "ipv6only" ? (seen.lan === "static6" ? "static6" : "auto6") : seen.lan === "static" ? "static" : seen.lan === "dhcp-menu" ? "dhcp-menu" : "dhcp";
  return { mode: seen.mode, lan, vlan: seen.vlan, proxy: seen.proxy, wan: seen.mode === "ipv6only" ? "none" : seen.wan };
}

/** One step of a plan: a flow of the oracle with its values. */
export interface PlanStep {
  readonly flow:
    | "reset-all" | "reset-to-ipv6only" | "reset-to-ipv4v6" | "static-lan" | "change-static-lan" | "dhcp-lan" | "static-ipv6"
    | "vlan-enable" | "vlan-change" | "proxy-enable" | "proxy-change" | "proxy-disable" | "wan-dhcp" | "wan-static" | "change-static-wan"
    | "lan-port-link" | "wan-port-link";
  readonly values: FlowValues;
  /** Why (for the call log and errors). */
  readonly why: string;
}

/** True when `target` is the factory configuration of its mode (what RESET ALL NETWORK SETTINGS leaves). */
export function isFactoryConfig(target: StartState): boolean {
  const lanDefault = target.mode === "ipv6only" ? "auto6" : "dhcp";
  return target.lan === lanDefault && target.vlan === 0 && target.proxy === "none" && target.wan === "none" && target.links.lan === "AUTO" && target.links.wan === "AUTO";
}

/** Connection checks a step costs (a port link change takes effect without one: manual, Ethernet Port Configuration). */
export function checksOf(step: PlanStep): number {
  return step.flow === "lan-port-link" || step.flow === "wan-port-link" ? 0 : 1;
}

const vlanText = (n: number) => String(n).padStart(4, "0");

/** The cheapest flows from `seen` to `target`: a mode switch or one reset when undoing would cost more checks
 *  (or cannot be done: the manual has no way to remove a WAN configuration but a reset), then the settings. */
export function planStart(seen: SeenConfig, target: StartState): PlanStep[] {
  const steps: PlanStep[] = [];
  let cur = seen;
  const defaults = (mode: NetworkMode): SeenConfig => ({ mode, lan: mode === "ipv6only" ? "auto6" : "dhcp", vlan: false, proxy: false, wan: "none", links: { lan: "AUTO", wan: null } });
  if (cur.mode !== target.mode) {
    steps.push({ flow: target.mode === "ipv6only" ? "reset-to-ipv6only" : "reset-to-ipv4v6", values: {}, why: `mode ${cur.mode} -> ${target.mode}` });
    cur = defaults(target.mode);
  } else {
    const undo: PlanStep[] = [];
    let resetNeeded: string | null = null;
    if (cur.vlan && target.vlan === 0) undo.push({ flow: "vlan-change", values: { "VLAN 0-4094": "0000" }, why: "remove the VLAN" });
    if (cur.proxy && target.proxy === "none") undo.push({ flow: "proxy-disable", values: {}, why: "disable the proxy" });
    // The factory's DHCP offers ENABLE DHCP ON LAN beside ENABLE VLAN ON LAN; once DHCP is enabled from the menu (or the
    // LAN was static) ENABLE DHCP ON LAN only leads to RENEW DHCP ON LAN and the VLAN option is gone: "One option may be
    // enabled ... After one option is enabled, the other option disappears". Only a reset brings the factory menu back.
    if (cur.mode === "ipv4v6" && (cur.lan === "static" || cur.lan === "dhcp-menu") && target.lan === "dhcp") resetNeeded = "the factory's DHCP menu comes back only by a reset";
    if (cur.wan !== "none" && target.wan === "none") resetNeeded = "a WAN configuration is removed only by a reset";
    if (target.lan === "auto6" && cur.lan !== "auto6") resetNeeded = cur.lan === "static6" ? "static IPv6 is undone only by a reset" : "the menu does not tell automatic from static IPv6";
    const undoChecks = undo.reduce((a, s) => a + checksOf(s), 0);
    if (resetNeeded || undoChecks > 1) {
      steps.push({ flow: "reset-all", values: {}, why: resetNeeded ?? `one reset instead of ${undoChecks} undoing flows` });
      cur = defaults(cur.mode);
    } else {
      steps.push(...undo);
      cur = { ...cur, vlan: target.vlan === 0 ? false : cur.vlan, proxy: target.proxy === "none" ? false : cur.proxy, lan: cur.lan };
    }
  }
  if (typeof target.lan === "object") {
    const flow = target.mode === "ipv6only" ? "static-ipv6" : cur.lan === "static" ? "change-static-lan" : "static-lan";
    steps.push({ flow, values: target.lan.static, why: "static LAN" });
  }
  if (target.vlan > 0) steps.push({ flow: cur.vlan ? "vlan-change" : "vlan-enable", values: { "VLAN 0-4094": vlanText(target.vlan) }, why: `VLAN ${target.vlan}` });
  if (typeof target.proxy === "object") steps.push({ flow: cur.proxy ? "proxy-change" : "proxy-enable", values: target.proxy.values, why: "proxy" });
  if (target.wan === "dhcp" && cur.wan !== "dhcp") steps.push({ flow: "wan-dhcp", values: {}, why: "WAN by DHCP" });
  if (typeof target.wan === "object") steps.push({ flow: cur.wan === "static" ? "change-static-wan" : "wan-static", values: target.wan.static, why: "static WAN" });
  if (cur.links.lan !== target.links.lan) steps.push({ flow: "lan-port-link", values: { "LAN PORT LINK": target.links.lan }, why: `LAN port link ${cur.links.lan} -> ${target.links.lan}` });
  const wanWillExist = target.wan !== "none";
  const wanLinkNow = cur.wan === "none" || steps.some((s) => s.flow === "reset-all" || s.flow.startsWith("reset-to")) ? "AUTO" : (cur.links.wan ?? "AUTO");
  if (wanWillExist && wanLinkNow !== target.links.wan) steps.push({ flow: "wan-port-link", values: { "WAN PORT LINK": target.links.wan }, why: `WAN port link ${wanLinkNow} -> ${target.links.wan}` });
  return steps;
}
