// Routes and policy routing. Standard: everything through the LAN. Split: the main table routes scan traffic through
// the LAN; management sockets bound to the WAN (or sourced from its address) use a table of their own whose only
// routes go through the WAN ("WAN has special limited routes required for platform connections only").
import { has, sh, type NetContext } from "./context.ts";
import type { IfaceState } from "./addr.ts";
import { networkText, parseCidr } from "../../netns/topology/cidr.ts";

/** The management routing table of split mode. */
export const MGMT_TABLE = "200";
/** Preferences of the rules the twin owns (oif WAN, from WAN address). */
export const RULE_PREFS = ["100", "101"] as const;
/** Preference of the scan rules (from a portal VLAN's address to its table, 1000 + VLAN id). */
export const SCAN_RULE_PREF = "200";

/** The network address of `ip`/`prefix` ("10.77.2.0/24"). */
export function networkOf(ip: string, prefix: number): string {
  const net = parseCidr(`${ip}/${prefix}`);
  if (!net) throw new TypeError(`networkOf: expected an IPv4 address and a prefix length, got ${ip}/${prefix}`);
  return networkText(net);
}

/** Remove the twin's default routes, its policy rules and its management table. */
export async function clearRouting(ctx: NetContext): Promise<void> {
  const rules = (await sh(ctx, "ip", ["-4", "rule", "show"])).stdout;
  const lines = [...rules.matchAll(/^(\d+):/gm)].map((m) => m[1]!).filter((p) => [...RULE_PREFS, SCAN_RULE_PREF].includes(p)).map((p) => `rule del pref ${p}`);
  lines.push(`route flush table ${MGMT_TABLE}`, "route flush exact 0.0.0.0/0");
  await sh(ctx, "ip", ["-4", "-force", "-batch", "-"], { input: lines.join("\n") + "\n" });
}

/** Install routes: the LAN's gateway as the default; in split mode the WAN's routes in the management table. */
export async function installRoutes(ctx: NetContext, lan: IfaceState, wan: IfaceState | null): Promise<void> {
  await clearRouting(ctx);
  const lanGatewayLost = lan.method === "static" && has(ctx, "static-gateway-ignored");
  if (lan.address && lan.gateway && !lan.invalid && !lan.duplicate && !lanGatewayLost) {
    await sh(ctx, "ip", ["route", "replace", "default", "via", lan.gateway, "dev", lan.dev]);
  }
  if (!wan || !wan.address || wan.prefix === null || wan.invalid || wan.duplicate) return;
  const t = ["table", MGMT_TABLE];
  await sh(ctx, "ip", ["route", "replace", networkOf(wan.address, wan.prefix), "dev", wan.dev, "src", wan.address, ...t]);
  const wanGatewayLost = (wan.method === "dhcp" && has(ctx, "wan-lease-router-ignored")) || (wan.method === "static" && has(ctx, "static-wan-gateway-ignored"));
  if (wan.gateway && !wanGatewayLost) await sh(ctx, "ip", ["route", "replace", "default", "via", wan.gateway, "dev", wan.dev, ...t]);
  await sh(ctx, "ip", ["rule", "add", "pref", RULE_PREFS[0], "oif", wan.dev, "lookup", MGMT_TABLE]);
  await sh(ctx, "ip", ["rule", "add", "pref", RULE_PREFS[1], "from", wan.address, "lookup", MGMT_TABLE]);
}
