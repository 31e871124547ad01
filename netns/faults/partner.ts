// The link partner's port setting, forced on the lab end of the appliance's cable. On a veth (the twin's cable) the
// setting is the alias `hil-link-partner=<value>` of the lab end, which the twin reads from its cable's far end; on a
// real NIC it is `ethtool -s` (speed, duplex, autonegotiation off; AUTO turns autonegotiation back on).
// Minimal version made by the h-outside branch for the scenario side; the cabling branch owns its full form.
import { faultFailed } from "../services/errors.ts";
import { run } from "../util/sh.ts";
import { alreadyGone, removeOnce, type Fault } from "./types.ts";

/** The alias key the twin reads on its cable's far end. */
export const PARTNER_ALIAS = "hil-link-partner";

/** A port-link setting: AUTO or `<speed>baseT/<Full|Half>` (the appliance's PORT LINK ring). */
const SETTING = /^(?:AUTO|(1G|100|10)baseT\/(Full|Half))$/;

/** The `ethtool -s` argv that forces `setting` on a real NIC `iface` (AUTO: autonegotiation on). */
export function ethtoolArgv(iface: string, setting: string): string[] {
  const m = SETTING.exec(setting);
  if (!m) throw new Error(`link partner setting: expected AUTO, 1GbaseT/Full, 100baseT/Full, 100baseT/Half, 10baseT/Full or 10baseT/Half, got ${JSON.stringify(setting)}`);
  if (setting === "AUTO") return ["ethtool", "-s", iface, "autoneg", "on"];
  const speed = m[1] === "1G" ? "1000" : m[1]!;
  return ["ethtool", "-s", iface, "speed", speed, "duplex", m[2]!.toLowerCase(), "autoneg", "off"];
}

/**
 * Force the link partner of whatever is cabled to `iface` (in `ns`) to `setting`: the alias on a veth, ethtool on a
 * NIC. remove() restores AUTO (alias cleared / autonegotiation on).
 */
export async function applyPartnerSetting(ns: string, iface: string, setting: string): Promise<Fault> {
  const what = `link partner ${iface} in ${ns} set to ${setting}`;
  if (!SETTING.test(setting)) throw faultFailed(what, `expected AUTO, 1GbaseT/Full, 100baseT/Full, 100baseT/Half, 10baseT/Full or 10baseT/Half, got ${JSON.stringify(setting)}`);
  const info = await run("ip", ["-n", ns, "-j", "-d", "link", "show", "dev", iface], { allowFailure: true });
  if (info.exitCode !== 0) throw faultFailed(what, `no interface ${iface} in namespace ${ns}: ${info.stderr.trim()}`);
  const [link] = JSON.parse(info.stdout) as { linkinfo?: { info_kind?: string } }[];
  const veth = link?.linkinfo?.info_kind === "veth";
  const argv = (value: string) => (veth ? ["ip", "-n", ns, "link", "set", "dev", iface, "alias", value === "AUTO" ? "" : `${PARTNER_ALIAS}=${value}`] : ["ip", "netns", "exec", ns, ...ethtoolArgv(iface, value)]);
  const set = async (value: string, step: string) => {
    const [cmd, ...args] = argv(value);
    const r = await run(cmd!, args, { allowFailure: true });
    if (r.exitCode !== 0 && !(step.startsWith("restore") && alreadyGone(r.stderr))) throw faultFailed(step, r.stderr.trim());
  };
  await set(setting, what);
  const remove = removeOnce(() => set("AUTO", `restore ${what}`));
  return { describe: `${what} (${veth ? `alias ${PARTNER_ALIAS}` : "ethtool"})`, undo: [argv("AUTO")], remove };
}
