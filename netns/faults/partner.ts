// The link partner of the appliance's port: the lab end of its cable forces a speed/duplex or autonegotiates
// (the manual's port-link values). A real NIC is set with ethtool; a veth cannot be (EOPNOTSUPP), so a veth end
// carries the setting in its alias, `hil-link-partner=<value>`, which the twin reads from its cable's far end.
import { faultFailed } from "../services/errors.ts";
import { run, runIn } from "../util/sh.ts";
import { alreadyGone, removeOnce, type Fault } from "./types.ts";

/** The port-link values of the manual ("Ethernet port link configuration"), spelled as it spells them. */
export const PARTNER_SETTINGS = ["AUTO", "1GbaseT/Full", "100baseT/Full", "100baseT/Half", "10baseT/Full", "10baseT/Half"] as const;
export type PartnerSetting = (typeof PARTNER_SETTINGS)[number];

/** A veth end's alias that names its link partner setting: `hil-link-partner=100baseT/Full` (AUTO: no alias). */
export const PARTNER_ALIAS_PREFIX = "hil-link-partner=";

/** The alias a veth end carries for `setting` ("" for AUTO: the alias is cleared). */
export const partnerAlias = (setting: PartnerSetting) => (setting === "AUTO" ? "" : `${PARTNER_ALIAS_PREFIX}${setting}`);

/** `ethtool` arguments forcing `setting` on `iface` (AUTO: autonegotiation on). */
export function ethtoolArgs(iface: string, setting: PartnerSetting): string[] {
  if (setting === "AUTO") return ["-s", iface, "autoneg", "on"];
  const m = /^(\d+)(G?)baseT\/(Full|Half)$/.exec(setting)!;
  const speed = Number(m[1]) * (m[2] ? 1000 : 1);
  return ["-s", iface, "speed", String(speed), "duplex", m[3]!.toLowerCase(), "autoneg", "off"];
}

/** What `ethtool IFACE` reports of speed, duplex and autonegotiation (speed/duplex absent when unknown). */
export interface EthtoolSettings {
  readonly speed?: number;
  readonly duplex?: "full" | "half";
  readonly autoneg: boolean;
}

/** Parse `ethtool IFACE` output. */
export function parseEthtool(text: string): EthtoolSettings {
  const speed = /^\s*Speed:\s*(\d+)Mb\/s/m.exec(text)?.[1];
  const duplex = /^\s*Duplex:\s*(Full|Half)/m.exec(text)?.[1];
  return {
    ...(speed ? { speed: Number(speed) } : {}),
    ...(duplex ? { duplex: duplex.toLowerCase() as "full" | "half" } : {}),
    autoneg: /^\s*Auto-negotiation:\s*on/m.test(text),
  };
}

/** `ethtool` arguments that put `iface` back to `before`. */
export function restoreArgs(iface: string, before: EthtoolSettings): string[] {
  if (before.autoneg) return ["-s", iface, "autoneg", "on"];
  return ["-s", iface, ...(before.speed ? ["speed", String(before.speed)] : []), ...(before.duplex ? ["duplex", before.duplex] : []), "autoneg", "off"];
}

/** Check a value given by a user (a CLI argument) against the manual's port-link values. */
export function parsePartnerSetting(value: string, what = "link partner setting"): PartnerSetting {
  if ((PARTNER_SETTINGS as readonly string[]).includes(value)) return value as PartnerSetting;
  throw faultFailed(what, `expected one of ${PARTNER_SETTINGS.join(", ")}, got "${value}"`);
}

/**
 * Make `iface` in `ns` (the lab end of the appliance's cable) a link partner set to `setting`. remove() restores
 * what it was: the NIC's previous ethtool settings, or the veth's previous alias.
 */
export async function applyPartnerSetting(ns: string, iface: string, setting: PartnerSetting): Promise<Fault> {
  const what = `link partner ${iface} in ${ns} set to ${setting}`;
  parsePartnerSetting(setting, what);
  const shown = await run("ip", ["-n", ns, "-j", "-d", "link", "show", "dev", iface], { allowFailure: true });
  if (shown.exitCode !== 0) throw faultFailed(what, `no interface ${iface} in ${ns}: ${shown.stderr.trim()}`);
  const link = (JSON.parse(shown.stdout) as { ifalias?: string; linkinfo?: { info_kind?: string } }[])[0];
  if (link?.linkinfo?.info_kind === "veth") {
    const before = link.ifalias ?? "";
    const set = (alias: string) => run("ip", ["-n", ns, "link", "set", "dev", iface, "alias", alias], { allowFailure: true });
    const r = await set(partnerAlias(setting));
    if (r.exitCode !== 0) throw faultFailed(what, r.stderr.trim());
    const remove = removeOnce(async () => {
      const back = await set(before);
      if (back.exitCode !== 0 && !alreadyGone(back.stderr)) throw faultFailed(`restore ${what}`, back.stderr.trim());
    });
    const how = setting === "AUTO" ? "alias cleared" : `alias "${partnerAlias(setting)}"`;
    return { describe: `${what} (veth: ${how})`, undo: [["ip", "-n", ns, "link", "set", "dev", iface, "alias", before]], remove };
  }
  const current = await runIn(ns, "ethtool", [iface], { allowFailure: true });
  if (current.exitCode !== 0) throw faultFailed(what, `ethtool ${iface} failed: ${current.stderr.trim()}`);
  const before = parseEthtool(current.stdout);
  const args = ethtoolArgs(iface, setting);
  const r = await runIn(ns, "ethtool", args, { allowFailure: true });
  if (r.exitCode !== 0) throw faultFailed(what, `ethtool ${args.join(" ")} exited ${r.exitCode}: ${r.stderr.trim()}`);
  const undoArgs = restoreArgs(iface, before);
  const remove = removeOnce(async () => {
    const back = await runIn(ns, "ethtool", undoArgs, { allowFailure: true });
    if (back.exitCode !== 0 && !alreadyGone(back.stderr)) throw faultFailed(`restore ${what}`, back.stderr.trim());
  });
  return { describe: `${what} (ethtool ${args.join(" ")})`, undo: [["ip", "netns", "exec", ns, "ethtool", ...undoArgs]], remove };
}
