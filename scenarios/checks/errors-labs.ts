// Lab variants of the presets for the LAN/WAN error rows: the same preset with one service setting changed, so the
// real condition of a row exists on the wire (a DHCP lease without DNS servers or router, a WAN without DHCP, a WAN
// DNS that does not know the platform, a WAN lease naming the LAN's gateway). 10.77.0.0/16 only, as the presets.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { DnsmasqInput } from "../../netns/services/schema.ts";
import type { TopologyInput } from "../../netns/topology/schema.ts";

const PRESETS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "labs");

/** Preset `preset` as written (fixtures/labs/<preset>.yaml). */
function presetOf(preset: string): TopologyInput {
  return parse(readFileSync(join(PRESETS, `${preset}.yaml`), "utf8")) as TopologyInput;
}

/** The dnsmasq options of `host` in a parsed preset (an error naming the preset and host when it has none). */
function dnsmasqOf(t: TopologyInput, preset: string, host: string): DnsmasqInput {
  const d = (t.hosts?.[host]?.services as { dnsmasq?: DnsmasqInput } | undefined)?.dnsmasq;
  if (!d) throw new Error(`fixtures/labs/${preset}.yaml at hosts.${host}.services.dnsmasq: expected a dnsmasq service to vary, got none`);
  return d;
}

/** A variant of preset `preset` named `<preset>-<suffix>`: `edit` changes the dnsmasq options of `host`. */
export function variant(preset: string, suffix: string, host: string, why: string, edit: (d: DnsmasqInput) => DnsmasqInput): TopologyInput {
  const t = presetOf(preset);
  const changed = edit(dnsmasqOf(t, preset, host));
  (t.hosts[host]!.services as { dnsmasq: DnsmasqInput }).dnsmasq = changed;
  return { ...t, name: `${preset}-${suffix}`, description: `${preset} preset, ${why}` };
}

/** The DHCP options of a dnsmasq setting (an error when it serves none). */
function dhcp(d: DnsmasqInput): NonNullable<DnsmasqInput["dhcp"]> {
  if (!d.dhcp) throw new Error(`lab variant: expected the dnsmasq service to serve DHCP, got ${JSON.stringify(d)}`);
  return d.dhcp;
}

/** Standard preset whose LAN leases carry no DNS server option. */
export const LAN_LEASE_NO_DNS = variant("standard", "lease-no-dns", "lanrtr", "LAN leases without DNS servers", (d) => ({ ...d, dhcp: { ...dhcp(d), dnsServers: [] } }));
/** Standard preset whose LAN leases carry no router option. */
export const LAN_LEASE_NO_ROUTER = variant("standard", "lease-no-router", "lanrtr", "LAN leases without a router", (d) => {
  const { router: _, ...rest } = dhcp(d);
  return { ...d, dhcp: rest };
});
/** Split preset with no DHCP server on the WAN (its DNS still answers). */
export const WAN_NO_DHCP = variant("split", "wan-no-dhcp", "wanrtr", "no DHCP server on the WAN", ({ dhcp: _, ...d }) => d);
/** Split preset whose WAN leases carry no DNS server option. */
export const WAN_LEASE_NO_DNS = variant("split", "wan-lease-no-dns", "wanrtr", "WAN leases without DNS servers", (d) => ({ ...d, dhcp: { ...dhcp(d), dnsServers: [] } }));
/** Split preset whose WAN leases carry no router option. */
export const WAN_LEASE_NO_ROUTER = variant("split", "wan-lease-no-router", "wanrtr", "WAN leases without a router", (d) => {
  const { router: _, ...rest } = dhcp(d);
  return { ...d, dhcp: rest };
});
/** Split preset whose WAN DNS has no record for the platform (NXDOMAIN). */
export const WAN_DNS_NO_PLATFORM = variant("split", "wan-dns-no-platform", "wanrtr", "the WAN's DNS does not know the platform's name", (d) => ({ ...d, dns: { ...d.dns, records: [] } }));
/** The split LAN's gateway: the router lanrtr's DHCP hands out on the LAN. */
export const LAN_GATEWAY = ((d) => {
  if (!d.router) throw new Error("fixtures/labs/split.yaml at hosts.lanrtr.services.dnsmasq.dhcp.router: expected the LAN's router, got none");
  return d.router;
})(dhcp(dnsmasqOf(presetOf("split"), "split", "lanrtr")));
/** Split preset whose WAN leases name the LAN's gateway as their router. */
export const WAN_LEASE_LAN_ROUTER = variant("split", "wan-lease-lan-router", "wanrtr", "WAN leases naming the LAN's gateway as router", (d) => ({ ...d, dhcp: { ...dhcp(d), router: LAN_GATEWAY } }));
