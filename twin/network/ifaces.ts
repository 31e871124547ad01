// The appliance's ports in its namespace: names, carrier, and the port-link setting against the link partner's.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isPortLink } from "../../fixtures/manual/index.ts";
import { has, sh, type NetContext } from "./context.ts";

/** Physical port names inside the twin's namespace. */
export const PORT = Object.freeze({ LAN: "lan0", WAN: "wan0" } as const);
/** An appliance interface as the manual names it. */
export type Iface = "LAN" | "WAN";

/** Name of the LAN device carrying the LAN's address: the port, or its VLAN sub-interface. */
export const lanDevice = (vlan: number) => (vlan > 0 ? `${PORT.LAN}.${vlan}` : PORT.LAN);

/** True when `dev` exists in the namespace. */
export async function exists(ctx: NetContext, dev: string): Promise<boolean> {
  return (await sh(ctx, "ip", ["link", "show", "dev", dev])).exitCode === 0;
}

/** Carrier of a port: true only when the port exists, is up and its peer is up. */
export async function carrier(ctx: NetContext, port: string): Promise<boolean> {
  const r = await sh(ctx, "cat", [`/sys/class/net/${port}/carrier`]);
  return r.exitCode === 0 && r.stdout.trim() === "1";
}

/**
 * The link partner's forced setting, as the lab sets it: file `link-partner.<port>` in the state directory
 * holding one port-link value ("100baseT/Full" ...). Absent: the partner auto-negotiates.
 */
export function partnerFile(ctx: NetContext, port: string): string {
  return join(ctx.stateDir, `link-partner.${port}`);
}

/** The partner's setting ("AUTO" when the lab set none); a bad value is an error naming the file. */
export async function partnerSetting(ctx: NetContext, port: string): Promise<string> {
  const file = partnerFile(ctx, port);
  const text = (await readFile(file, "utf8").catch(() => "AUTO")).trim();
  if (!isPortLink(text)) throw new Error(`${file}: expected a port link setting (AUTO, 1GbaseT/Full, 100baseT/Full, ...), got ${JSON.stringify(text)}`);
  return text;
}

/**
 * Whether the link syncs: "The port link configuration on the Scanner Appliance must match the same configuration on
 * the link partners." A partner that auto-negotiates adapts to anything; a forced partner needs the same setting.
 */
export function linkSyncs(ours: string, partner: string): boolean {
  return partner === "AUTO" || ours === partner;
}

/** Raise `port` when its setting syncs with the partner, else hold it down (no carrier). Returns whether it is up. */
export async function applyPortLink(ctx: NetContext, port: string, setting: string): Promise<boolean> {
  if (!(await exists(ctx, port))) return false;
  const up = has(ctx, "port-link-ignored") || linkSyncs(setting, await partnerSetting(ctx, port));
  await sh(ctx, "ip", ["link", "set", port, up ? "up" : "down"]);
  return up;
}
