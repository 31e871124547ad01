// LAN/WAN rows of the troubleshooting table, each produced by the real network condition that causes it (Appliance Network Errors), and the older model's E-codes for the same conditions (Network Errors using older appliance model).
// One table: row id, lab, setup steps, the condition, and the twin defects that break it on each model. Each row
// becomes a current-model scenario (the manual's text) and an older-model scenario (its E-code).
import type { Section } from "../../fixtures/manual/index.ts";
import type { TopologyInput } from "../../netns/topology/schema.ts";
import { activated, boot, errorRowCheck, rowLegacyText, flowStep, partnerForced, portLink, lanBaseline, lanSquatter, platformAgain, wanBaseline, wanDnsDrops, wanLinkDown, type ErrorRow } from "../checks/errors.ts";
import { LAN_LEASE_NO_DNS, LAN_LEASE_NO_ROUTER, WAN_DNS_NO_PLATFORM, WAN_LEASE_LAN_ROUTER, WAN_LEASE_NO_DNS, WAN_LEASE_NO_ROUTER, WAN_NO_DHCP } from "../checks/errors-labs.ts";
import { STATIC } from "../checks/static-ip.ts";
import type { Scenario } from "../scenario.ts";

/** Static WAN values on the split preset's WAN subnet (10.77.2.0/24, DNS on wanrtr). */
const WAN = { "WAN IP ADDR": "10.77.2.60", "WAN NETMASK": "255.255.255.0", "WAN GATEWAY": "10.77.2.1", "WAN DNS1": "10.77.2.1" } as const;

/** One table row: the scenario ids derive from `id`; `catches` on the current model, `legacyCatches` on the older one. */
interface Row extends ErrorRow {
  readonly id: string;
  readonly behaviour: string;
  readonly lab: string | TopologyInput;
  readonly catches: readonly string[];
  readonly legacyCatches: readonly string[];
  /** Which models the row runs on (default both). */
  readonly models?: readonly ("current" | "legacy")[];
  /** The manual section of the current-model scenario (default Appliance Network Errors). */
  readonly section?: Section;
}

const ROWS: readonly Row[] = [
  {
    id: "wan-link-down", lab: "split", behaviour: "WAN link partner down after DHCP on the WAN, RENEW DHCP ON WAN: WAN has no IPv4 address",
    setup: [wanBaseline, wanLinkDown, flowStep("renew-dhcp-wan")], condition: { kind: "no-ipv4", iface: "WAN" }, step: "RENEW DHCP ON WAN with the WAN link partner down",
    catches: ["carrier-always", "wan-no-address-as-carrier"], legacyCatches: ["legacy-wan-as-lan"],
  },
  {
    id: "wan-no-carrier", lab: "split", behaviour: "WAN link partner down after DHCP on the WAN, ENABLE PROXY: no CARRIER on WAN interface",
    setup: [wanBaseline, wanLinkDown, flowStep("proxy-enable", { "PROXY HOST": "10.77.2.1", "PROXY PORT": "3128" })], condition: { kind: "no-carrier", iface: "WAN" }, step: "ENABLE PROXY with the WAN link partner down",
    catches: ["wan-carrier-as-lan", "carrier-never"], legacyCatches: ["wan-carrier-as-lan", "legacy-wan-as-lan"],
  },
  {
    id: "wan-no-ipv4", lab: WAN_NO_DHCP, behaviour: "ENABLE DHCP ON WAN with no DHCP server on the WAN: WAN has no IPv4 address",
    setup: [flowStep("wan-dhcp")], condition: { kind: "no-ipv4", iface: "WAN" }, step: "ENABLE DHCP ON WAN without a DHCP server on the WAN",
    catches: ["wan-no-address-as-carrier"], legacyCatches: ["legacy-wan-as-lan"],
  },
  {
    id: "lan-no-dns", lab: LAN_LEASE_NO_DNS, behaviour: "LAN DHCP lease without the DNS server option: LAN has no DNS servers",
    setup: [boot], condition: { kind: "no-dns-servers", iface: "LAN" }, step: "connection check with a LAN lease without DNS servers",
    catches: ["no-dns-as-unreachable"], legacyCatches: ["no-dns-as-unreachable", "legacy-dns-as-https"],
  },
  {
    id: "wan-no-dns", lab: WAN_LEASE_NO_DNS, behaviour: "WAN DHCP lease without the DNS server option: WAN has no DNS servers",
    setup: [flowStep("wan-dhcp")], condition: { kind: "no-dns-servers", iface: "WAN" }, step: "ENABLE DHCP ON WAN with a WAN lease without DNS servers",
    catches: ["no-dns-as-unreachable"], legacyCatches: ["no-dns-as-unreachable", "legacy-dns-as-https"],
  },
  {
    id: "lan-no-gateway", lab: LAN_LEASE_NO_ROUTER, behaviour: "LAN DHCP lease without the router option: LAN DHCP lease has no gateway",
    setup: [boot], condition: { kind: "dhcp-no-gateway", iface: "LAN" }, step: "connection check with a LAN lease without a router",
    catches: ["no-gateway-as-no-address"], legacyCatches: ["no-gateway-as-no-address"],
  },
  {
    id: "wan-no-gateway", lab: WAN_LEASE_NO_ROUTER, behaviour: "WAN DHCP lease without the router option: WAN DHCP lease has no gateway",
    setup: [flowStep("wan-dhcp")], condition: { kind: "dhcp-no-gateway", iface: "WAN" }, step: "ENABLE DHCP ON WAN with a WAN lease without a router",
    catches: ["no-gateway-as-no-address"], legacyCatches: ["no-gateway-as-no-address", "legacy-wan-as-lan"],
  },
  {
    id: "wan-nxdomain", lab: WAN_DNS_NO_PLATFORM, behaviour: "WAN DNS answers NXDOMAIN for the platform: WAN DNS can't resolve QG URL",
    setup: [flowStep("wan-dhcp")], condition: { kind: "dns-cannot-resolve-platform", iface: "WAN" }, step: "ENABLE DHCP ON WAN with the platform unknown to the WAN's DNS",
    catches: ["wan-dns-as-lan"], legacyCatches: ["legacy-dns-as-https"],
  },
  {
    id: "wan-dns-unreachable", lab: "split", behaviour: "WAN DNS server drops queries: WAN DNS server not reachable",
    setup: [wanBaseline, wanDnsDrops, flowStep("renew-dhcp-wan")], condition: { kind: "dns-server-unreachable", iface: "WAN" }, step: "RENEW DHCP ON WAN with the WAN's DNS server dropping queries",
    catches: ["wan-dns-as-lan"], legacyCatches: ["legacy-dns-as-https"],
  },
  {
    id: "wan-dns-unreachable-activated", lab: "split", behaviour: "WAN DNS server drops queries once activated: E13 (not E14)", models: ["legacy"], activated: true,
    setup: [wanBaseline, activated, wanDnsDrops, flowStep("renew-dhcp-wan")], condition: { kind: "dns-server-unreachable", iface: "WAN" }, step: "RENEW DHCP ON WAN of an activated appliance with the WAN's DNS server dropping queries",
    catches: [], legacyCatches: ["legacy-activation-forgotten", "legacy-dns-as-https"],
  },
  {
    id: "lan-invalid-ip", lab: "static", behaviour: "static LAN address with its gateway outside the subnet: Invalid LAN IP configuration",
    setup: [flowStep("static-lan", { ...STATIC, "LAN GATEWAY": "10.77.3.1" })], condition: { kind: "invalid-ip-config", iface: "LAN" }, step: "static LAN 10.77.1.50/24 with gateway 10.77.3.1",
    catches: ["invalid-ip-as-no-address"], legacyCatches: ["invalid-ip-as-no-address"],
  },
  {
    id: "lan-loopback-ip", lab: "static", loopback: true, behaviour: "static LAN address 127.0.0.1: Invalid LAN IP configuration",
    setup: [flowStep("static-lan", { ...STATIC, "LAN IP ADDR": "127.0.0.1", "LAN GATEWAY": "127.0.0.2" })], condition: { kind: "invalid-ip-config", iface: "LAN" }, step: "static LAN 127.0.0.1/24 with gateway 127.0.0.2",
    catches: ["invalid-ip-as-no-address"], legacyCatches: ["legacy-loopback-as-invalid"],
  },
  {
    id: "wan-loopback-ip", lab: "split", loopback: true, behaviour: "static WAN address 127.0.0.1: Invalid WAN IP configuration",
    setup: [flowStep("wan-static", { ...WAN, "WAN IP ADDR": "127.0.0.1", "WAN GATEWAY": "127.0.0.2" })], condition: { kind: "invalid-ip-config", iface: "WAN" }, step: "static WAN 127.0.0.1/24 with gateway 127.0.0.2",
    catches: ["invalid-ip-as-no-address"], legacyCatches: ["legacy-loopback-as-invalid", "legacy-wan-as-lan"],
  },
  {
    id: "wan-invalid-ip", lab: "split", behaviour: "static WAN address with its gateway outside the subnet: Invalid WAN IP configuration",
    setup: [flowStep("wan-static", { ...WAN, "WAN GATEWAY": "10.77.3.1" })], condition: { kind: "invalid-ip-config", iface: "WAN" }, step: "static WAN 10.77.2.60/24 with gateway 10.77.3.1",
    catches: ["invalid-ip-as-no-address"], legacyCatches: ["invalid-ip-as-no-address", "legacy-wan-as-lan"],
  },
  {
    id: "wan-proxy-nxdomain", lab: "split-proxy", behaviour: "split network, proxy given by a name the WAN DNS answers NXDOMAIN for: WAN DNS can't resolve proxy",
    setup: [flowStep("wan-dhcp"), flowStep("proxy-enable", { "PROXY HOST": "PROXY.INVALID.TEST", "PROXY PORT": "3128" })], condition: { kind: "dns-cannot-resolve-proxy", iface: "WAN" }, step: "ENABLE PROXY PROXY.INVALID.TEST with DHCP on the WAN",
    catches: ["proxy-dns-on-lan"], legacyCatches: ["legacy-proxy-as-e06"],
  },
  {
    id: "lan-wan-same-subnet", lab: "split", behaviour: "static WAN address in the LAN's DHCP subnet: Duplicate LAN and WAN config",
    setup: [flowStep("wan-static", { ...WAN, "WAN IP ADDR": "10.77.1.60", "WAN GATEWAY": "10.77.1.254" })], condition: { kind: "lan-wan-same-subnet" }, step: "static WAN 10.77.1.60/24 beside the LAN's 10.77.1.0/24 lease",
    catches: ["same-subnet-accepted"], legacyCatches: ["same-subnet-accepted", "legacy-wan-as-lan"],
  },
  {
    id: "lan-wan-same-gateway", lab: WAN_LEASE_LAN_ROUTER, behaviour: "WAN DHCP lease naming the LAN's gateway: LAN and WAN same gateway",
    setup: [flowStep("wan-dhcp")], condition: { kind: "lan-wan-same-gateway" }, step: "ENABLE DHCP ON WAN with a lease whose router is the LAN's gateway",
    catches: ["same-gateway-as-same-subnet"], legacyCatches: ["legacy-wan-as-lan"],
  },
  {
    id: "duplicate-ip", lab: "static", behaviour: "static LAN address already held by another host: Duplicate IP detected",
    setup: [lanSquatter(`${STATIC["LAN IP ADDR"]}/24`), flowStep("static-lan", STATIC)], condition: { kind: "duplicate-ip", iface: "LAN" }, step: "static LAN 10.77.1.50 while a squatter host holds it",
    catches: ["duplicate-not-detected"], legacyCatches: ["duplicate-not-detected"],
  },
  {
    id: "port-link-mismatch", lab: "standard", section: "Ethernet Port Configuration",
    behaviour: "LAN PORT LINK not matching the forced link partner takes the link down (the DHCP check: LAN has no IPv4 address); the matching setting brings it back",
    setup: [lanBaseline, partnerForced("LAN", "100baseT/Full"), portLink("LAN", "10baseT/Full")], condition: { kind: "no-ipv4", iface: "LAN" }, step: "LAN PORT LINK 10baseT/Full against a partner forced to 100baseT/Full",
    after: [portLink("LAN", "100baseT/Full"), platformAgain("LAN PORT LINK 100baseT/Full, as the partner")],
    catches: ["port-link-ignored"], legacyCatches: ["port-link-ignored"],
  },
  {
    id: "wan-port-link-mismatch", lab: "split", section: "Ethernet Port Configuration",
    behaviour: "WAN PORT LINK not matching the forced WAN link partner takes the WAN down (the DHCP check: WAN has no IPv4 address); the matching setting brings it back",
    setup: [wanBaseline, partnerForced("WAN", "10baseT/Half"), portLink("WAN", "100baseT/Half")], condition: { kind: "no-ipv4", iface: "WAN" }, step: "WAN PORT LINK 100baseT/Half against a partner forced to 10baseT/Half",
    after: [portLink("WAN", "10baseT/Half"), platformAgain("WAN PORT LINK 10baseT/Half, as the partner")],
    catches: ["port-link-ignored"], legacyCatches: ["port-link-ignored", "legacy-wan-as-lan"],
  },
];

/** The scenarios of one row on one model. */
function scenarioOf(r: Row, model: "current" | "legacy"): Scenario {
  const legacy = model === "legacy";
  return {
    id: legacy ? `legacy-${r.id}` : r.id,
    section: legacy ? "Network Errors using older appliance model" : r.section ?? "Appliance Network Errors",
    behaviour: legacy ? `older model, ${r.behaviour.replace(/: [^:]*$/, "")}: ${rowLegacyText(r)}` : r.behaviour,
    // Every row runs on an activated appliance too: the baselines expect what the platform's record says the home
    // screen shows once reached (ACTIVATION CODE or the name), the activated step activates only a never-activated
    // appliance, and the older model's E14/E13 follows the platform's record at the check. No row is about the
    // activation itself.
    spec: { lab: r.lab, ...(legacy ? { model: "legacy" as const } : {}) },
    run: errorRowCheck(r, model),
    catches: legacy ? r.legacyCatches : r.catches,
  };
}

export const ERROR_SCENARIOS: readonly Scenario[] = ROWS.flatMap((r) => (r.models ?? ["current", "legacy"]).map((m) => scenarioOf(r, m)));
