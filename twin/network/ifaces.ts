// The appliance's ports in its namespace: names, carrier, and the port-link setting against the link partner's.
import { has, readSys, sh, type NetContext } from "./context.ts";
import { partnerOf } from "./peer.ts";

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
  return (await readSys(ctx, `/sys/class/net/${port}/carrier`)) === "1";
}

/** The partner's setting ("AUTO" when the lab forced none): the alias on the far end of the port's cable (peer.ts). */
export function partnerSetting(ctx: NetContext, port: string, fresh = true): Promise<string> {
  return partnerOf(ctx, port, fresh);
}

/**
 * Whether the link syncs: "The port link configuration on the Scanner Appliance must match the same configuration on
 * the link partners." A partner that auto-negotiates adapts to anything; a forced partner needs the same setting.
 */
export function linkSyncs(ours: string, partner: string): boolean {
  return partner === "AUTO" || ours === partner;
}

/** Ports held without carrier because their setting does not sync with the partner's (key: `<ns>/<port>`). */
const held = new Set<string>();
const heldKey = (ctx: NetContext, port: string) => `${ctx.ns ?? ""}/${port}`;

/** True while `port` is held down for a mismatch (the link watch raises it once the partner syncs again). */
export const isHeld = (ctx: NetContext, port: string) => held.has(heldKey(ctx, port));

/** Raise `port` when its setting syncs with the partner, else hold it down (no carrier). Returns whether it is up. */
export async function applyPortLink(ctx: NetContext, port: string, setting: string): Promise<boolean> {
  if (!(await exists(ctx, port))) return false;
  const up = has(ctx, "port-link-ignored") || linkSyncs(setting, await partnerSetting(ctx, port));
  await sh(ctx, "ip", ["link", "set", port, up ? "up" : "down"]);
  if (up) held.delete(heldKey(ctx, port));
  else held.add(heldKey(ctx, port));
  return up;
}

/**
 * The PHY's renegotiation (called every ~200 ms while powered on): when the partner's setting no longer syncs, take the
 * port down and hold it; when a held port syncs again, raise it. A port the firmware keeps down for its own reasons
 * (not held) stays down. Cheap when nothing changes: the partner's alias is read, the port only when it must go down.
 */
export async function renegotiate(ctx: NetContext, port: string, setting: string): Promise<"up" | "down" | null> {
  const syncs = has(ctx, "port-link-ignored") || linkSyncs(setting, await partnerSetting(ctx, port, false));
  const key = heldKey(ctx, port);
  if (syncs) {
    if (!held.has(key)) return null;
    held.delete(key);
    await sh(ctx, "ip", ["link", "set", port, "up"]);
    return "up";
  }
  if (held.has(key)) return null;
  const r = await sh(ctx, "ip", ["-o", "link", "show", "dev", port]);
  if (r.exitCode !== 0 || !/<[^>]*\bUP\b[^>]*>/.test(r.stdout)) return null;
  held.add(key);
  await sh(ctx, "ip", ["link", "set", port, "down"]);
  return "down";
}
