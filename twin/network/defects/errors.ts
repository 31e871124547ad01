// Network defects for the troubleshooting tables' error classification (joined into DEFECTS by twin/defects.ts).
// Each entry: { name, breaks, section } as in twin/defects.ts; add "as const" entries only. How each one
// misbehaves is below the list: misreports (the condition shown instead of the real one), conditions ignored, older
// model codes changed; twin/network/check.ts, addr.ts and ifaces.ts call these.
import type { LegacyCode, NetworkCondition } from "../../../fixtures/manual/index.ts";

const ERR = "Appliance Network Errors" as const;
const OLD = "Network Errors using older appliance model" as const;

export const ERROR_DEFECTS = [
  { name: "wan-carrier-as-lan", breaks: "a WAN port without carrier is reported as \"no CARRIER on LAN interface\"", section: ERR },
  { name: "carrier-always", breaks: "a disconnected cable/port at boot, DHCP or renew is reported as \"no CARRIER on <iface> interface\" instead of \"<iface> has no IPv4 address\" (no CARRIER belongs to configuring the proxy)", section: ERR },
  { name: "carrier-never", breaks: "configuring the proxy with the cable/port disconnected is reported as \"<iface> has no IPv4 address\" instead of \"no CARRIER on <iface> interface\"", section: ERR },
  { name: "wan-no-address-as-carrier", breaks: "a WAN without a DHCP lease is reported as \"no CARRIER on WAN interface\" instead of \"WAN has no IPv4 address\"", section: ERR },
  { name: "no-dns-as-unreachable", breaks: "a lease without DNS servers is reported as \"<iface> DNS server not reachable\" instead of \"<iface> has no DNS servers\"", section: ERR },
  { name: "no-gateway-as-no-address", breaks: "a DHCP lease without a router is reported as \"<iface> has no IPv4 address\" instead of \"<iface> DHCP lease has no gateway\"", section: ERR },
  { name: "wan-dns-as-lan", breaks: "the WAN's DNS failures (NXDOMAIN, server not reachable) are reported with the LAN's texts", section: ERR },
  { name: "invalid-ip-as-no-address", breaks: "an unusable static address (gateway outside the subnet) is reported as \"<iface> has no IPv4 address\" instead of \"Invalid <iface> IP configuration\"", section: ERR },
  { name: "same-subnet-accepted", breaks: "LAN and WAN on the same subnet are accepted (no \"Duplicate LAN and WAN config\")", section: ERR },
  { name: "same-gateway-as-same-subnet", breaks: "LAN and WAN with the same gateway are reported as \"Duplicate LAN and WAN config\" instead of \"LAN and WAN same gateway\"", section: ERR },
  { name: "duplicate-not-detected", breaks: "no duplicate address probe (arping -D): an address another host holds is used anyway", section: ERR },
  { name: "port-link-ignored", breaks: "the port link setting is ignored: the link comes up whatever the forced link partner's setting", section: "Ethernet Port Configuration" },
  { name: "legacy-wan-as-lan", breaks: "the older model shows the LAN's E-codes (E07, E09, E10) for WAN conditions instead of E08, E11, E12", section: OLD },
  { name: "legacy-activation-forgotten", breaks: "the older model treats an activated appliance as still activating: E14 instead of E13 for an unreachable DNS server", section: OLD },
  { name: "legacy-loopback-as-invalid", breaks: "the older model shows E07/E08 (invalid IP or gateway) for a 127.x address instead of E09/E11 (cannot be 127.0.0.1)", section: OLD },
  { name: "legacy-dns-as-https", breaks: "the older model shows E06 (cannot reach the server via HTTPS) for DNS lookup failures instead of E05, E13, E14", section: OLD },
] as const satisfies readonly { readonly name: string; readonly breaks: string; readonly section: string }[];

/** An error-classification defect name. */
export type ErrorDefectName = (typeof ERROR_DEFECTS)[number]["name"];

const onWan = (c: NetworkCondition) => "iface" in c && c.iface === "WAN";

/** The condition each misreport defect shows instead of `c` (undefined: `c` is not one it changes). */
const MISREPORTS: Partial<Record<ErrorDefectName, (c: NetworkCondition) => NetworkCondition | undefined>> = {
  "wan-carrier-as-lan": (c) => (c.kind === "no-carrier" && onWan(c) ? { kind: "no-carrier", iface: "LAN" } : undefined),
  "wan-no-address-as-carrier": (c) => (c.kind === "no-ipv4" && onWan(c) ? { kind: "no-carrier", iface: "WAN" } : undefined),
  "no-dns-as-unreachable": (c) => (c.kind === "no-dns-servers" ? { kind: "dns-server-unreachable", iface: c.iface } : undefined),
  "no-gateway-as-no-address": (c) => (c.kind === "dhcp-no-gateway" ? { kind: "no-ipv4", iface: c.iface } : undefined),
  "wan-dns-as-lan": (c) => ((c.kind === "dns-cannot-resolve-platform" || c.kind === "dns-server-unreachable") && onWan(c) ? { kind: c.kind, iface: "LAN" } : undefined),
  "invalid-ip-as-no-address": (c) => (c.kind === "invalid-ip-config" ? { kind: "no-ipv4", iface: c.iface } : undefined),
  "same-gateway-as-same-subnet": (c) => (c.kind === "lan-wan-same-gateway" ? { kind: "lan-wan-same-subnet" } : undefined),
};

/** The condition a firmware with `defects` shows for `c` (the first misreport that applies), else `c`. */
export function errorMisreport(c: NetworkCondition, defects: ReadonlySet<string>): NetworkCondition {
  for (const [name, f] of Object.entries(MISREPORTS)) {
    const shown = defects.has(name) ? f(c) : undefined;
    if (shown) return shown;
  }
  return c;
}

/** False for a condition a firmware with `defects` never detects (same-subnet-accepted). */
export function errorDetected(c: NetworkCondition, defects: ReadonlySet<string>): boolean {
  return !(defects.has("same-subnet-accepted") && c.kind === "lan-wan-same-subnet");
}

const WAN_TO_LAN: Partial<Record<LegacyCode, LegacyCode>> = { E08: "E07", E11: "E09", E12: "E10" };
const DNS_CODES: readonly LegacyCode[] = ["E05", "E13", "E14"];
const LOOPBACK_TO_INVALID: Partial<Record<LegacyCode, LegacyCode>> = { E09: "E07", E11: "E08" };

/** The older model's codes a firmware with `defects` shows instead of `codes`. */
export function legacyMisreport(codes: readonly LegacyCode[], defects: ReadonlySet<string>): readonly LegacyCode[] {
  let out = [...codes];
  if (defects.has("legacy-wan-as-lan")) out = out.map((x) => WAN_TO_LAN[x] ?? x);
  if (defects.has("legacy-loopback-as-invalid")) out = out.map((x) => LOOPBACK_TO_INVALID[x] ?? x);
  if (defects.has("legacy-dns-as-https")) out = out.map((x) => (DNS_CODES.includes(x) ? "E06" : x));
  return Object.freeze(out);
}
