// The rows of the troubleshooting table (Appliance Network Errors) for the LAN and the WAN, each produced by the real network
// condition that causes it, and the older model's E-codes for the same conditions (Network Errors using older appliance
// model). One table: row id, lab, setup steps, the condition, and the twin defects that break it on each model. Each row
// becomes a current-model scenario (the manual's text) and, unless it names its models, an older-model one (its E-code).
import type { Section } from "../../fixtures/manual/index.ts";
import type { TopologyInput } from "../../netns/topology/schema.ts";
import { activated, boot, errorRowCheck, rowLegacyText, flowStep, lanBaseline, lanDnsDrops, lanLinkDown, partnerForced, platformHttp500, platformRejected, portLink, lanSquatter, platformAgain, renewLan, shows, wanBaseline, wanDnsDrops, wanLinkDown, type ErrorRow } from "../checks/errors.ts";
import { LAN_LEASE_NO_DNS, LAN_LEASE_NO_ROUTER, WAN_DNS_NO_PLATFORM, WAN_LEASE_LAN_ROUTER, WAN_LEASE_NO_DNS, WAN_LEASE_NO_ROUTER, WAN_NO_DHCP } from "../checks/errors-labs.ts";
import { served, staticLan, staticWan } from "../checks/facts.ts";
import type { Scenario } from "../scenario.ts";

/** A gateway outside every lab subnet (the presets use 10.77.1.0/24 and 10.77.2.0/24 for LAN and WAN). */
const OFF_SUBNET_GATEWAY = "10.77.3.1";

/** One table row: the scenario ids derive from `id`; `catches` on the current model, `legacyCatches` on the older one. */
interface Row extends ErrorRow {
  readonly id: string;
  readonly behaviour: string;
  readonly lab: string | TopologyInput;
  /** Start the lab's services (default true; false: the bare network, no DHCP or DNS). */
  readonly services?: boolean;
  /** The twin defects that break the current-model scenario (null: none in the catalogue does; `why` says so). */
  readonly catches: readonly string[] | null;
  readonly why?: string;
  readonly legacyCatches: readonly string[];
  /** Which models the row runs on (default both). */
  readonly models?: readonly ("current" | "legacy")[];
  /** The manual section of the current-model scenario (default Appliance Network Errors). */
  readonly section?: Section;
}

const ROWS: readonly Row[] = [
  // The LAN rows: the standard lab's LAN without DHCP, its link down, its DNS without the platform or dropping queries,
  // the platform's port rejected, the platform answering HTTP 500 (current model; the older model's rows follow).
  {
    id: "no-dhcp", lab: "standard", services: false, models: ["current"], behaviour: "no DHCP on the LAN: LAN has no IPv4 address",
    setup: [boot], condition: { kind: "no-ipv4", iface: "LAN" }, step: "connection check without DHCP",
    catches: null, why: "no catalogue defect changes the no-address row", legacyCatches: [],
  },
  {
    id: "link-down", lab: "standard", services: false, models: ["current"], behaviour: "LAN link down: ENABLE DHCP shows LAN has no IPv4 address; ENABLE PROXY shows no CARRIER on LAN interface",
    // Its first fix: check the cable/port; with the cable out, configuring the proxy reports the carrier
    // (fixtures/manual reportedCondition).
    setup: [boot, lanLinkDown, renewLan], condition: { kind: "no-ipv4", iface: "LAN" }, step: "connection check with the LAN link down",
    after: [flowStep("proxy-enable", (s) => ({ "PROXY HOST": served(s).dns, "PROXY PORT": "3128" })), shows({ kind: "no-carrier", iface: "LAN" }, "ENABLE PROXY with the LAN link down")],
    catches: ["carrier-always", "carrier-never"], legacyCatches: [],
  },
  {
    id: "dns-nxdomain", lab: "split", models: ["current"], behaviour: "LAN DNS answers NXDOMAIN for the platform: LAN DNS can't resolve QG URL",
    setup: [boot], condition: { kind: "dns-cannot-resolve-platform", iface: "LAN" }, step: "connection check, platform name unknown to the LAN's DNS",
    catches: ["nxdomain-as-timeout"], legacyCatches: [],
  },
  {
    id: "dns-unreachable", lab: "standard", models: ["current"], behaviour: "LAN DNS server drops queries: LAN DNS server not reachable",
    setup: [lanBaseline, lanDnsDrops, renewLan], condition: { kind: "dns-server-unreachable", iface: "LAN" }, step: "connection check with the LAN's DNS server dropping queries",
    catches: ["wrong-dns-error"], legacyCatches: [],
  },
  {
    id: "connect-rejected", lab: "standard", models: ["current"], behaviour: "platform port rejected: Error connect to server (07)",
    setup: [lanBaseline, platformRejected, renewLan], condition: { kind: "connect-failed", viaProxy: false }, step: "connection check with the platform's port rejected",
    catches: ["refused-as-timeout"], legacyCatches: [],
  },
  {
    id: "platform-http-500", lab: "standard", models: ["current"], behaviour: "platform answers HTTP 500: Unexpected QG HTTP/500",
    setup: [lanBaseline, platformHttp500, renewLan], condition: { kind: "platform-http-status", status: 500 }, step: "connection check with the platform answering HTTP 500",
    catches: ["http500-as-401"], legacyCatches: [],
  },
  {
    id: "wan-link-down", lab: "split", behaviour: "WAN link partner down after DHCP on the WAN, RENEW DHCP ON WAN: WAN has no IPv4 address",
    setup: [wanBaseline, wanLinkDown, flowStep("renew-dhcp-wan")], condition: { kind: "no-ipv4", iface: "WAN" }, step: "RENEW DHCP ON WAN with the WAN link partner down",
    catches: ["carrier-always", "wan-no-address-as-carrier"], legacyCatches: ["legacy-wan-as-lan"],
  },
  {
    id: "wan-no-carrier", lab: "split", behaviour: "WAN link partner down after DHCP on the WAN, ENABLE PROXY: no CARRIER on WAN interface",
    setup: [wanBaseline, wanLinkDown, flowStep("proxy-enable", (s) => ({ "PROXY HOST": staticWan(s)["WAN GATEWAY"], "PROXY PORT": "3128" }))], condition: { kind: "no-carrier", iface: "WAN" }, step: "ENABLE PROXY with the WAN link partner down",
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
    setup: [flowStep("static-lan", (s) => ({ ...staticLan(s), "LAN GATEWAY": OFF_SUBNET_GATEWAY }))], condition: { kind: "invalid-ip-config", iface: "LAN" }, step: `static LAN address on the LAN's subnet with gateway ${OFF_SUBNET_GATEWAY}`,
    catches: ["invalid-ip-as-no-address"], legacyCatches: ["invalid-ip-as-no-address"],
  },
  {
    id: "lan-loopback-ip", lab: "static", loopback: true, behaviour: "static LAN address 127.0.0.1: Invalid LAN IP configuration",
    setup: [flowStep("static-lan", (s) => ({ ...staticLan(s), "LAN IP ADDR": "127.0.0.1", "LAN GATEWAY": "127.0.0.2" }))], condition: { kind: "invalid-ip-config", iface: "LAN" }, step: "static LAN 127.0.0.1/24 with gateway 127.0.0.2",
    catches: ["invalid-ip-as-no-address"], legacyCatches: ["legacy-loopback-as-invalid"],
  },
  {
    id: "wan-loopback-ip", lab: "split", loopback: true, behaviour: "static WAN address 127.0.0.1: Invalid WAN IP configuration",
    setup: [flowStep("wan-static", (s) => ({ ...staticWan(s, 60), "WAN IP ADDR": "127.0.0.1", "WAN GATEWAY": "127.0.0.2" }))], condition: { kind: "invalid-ip-config", iface: "WAN" }, step: "static WAN 127.0.0.1/24 with gateway 127.0.0.2",
    catches: ["invalid-ip-as-no-address"], legacyCatches: ["legacy-loopback-as-invalid", "legacy-wan-as-lan"],
  },
  {
    id: "wan-invalid-ip", lab: "split", behaviour: "static WAN address with its gateway outside the subnet: Invalid WAN IP configuration",
    setup: [flowStep("wan-static", (s) => ({ ...staticWan(s, 60), "WAN GATEWAY": OFF_SUBNET_GATEWAY }))], condition: { kind: "invalid-ip-config", iface: "WAN" }, step: `static WAN address on the WAN's subnet with gateway ${OFF_SUBNET_GATEWAY}`,
    catches: ["invalid-ip-as-no-address"], legacyCatches: ["invalid-ip-as-no-address", "legacy-wan-as-lan"],
  },
  {
    id: "wan-proxy-nxdomain", lab: "split-proxy", behaviour: "split network, proxy given by a name the WAN DNS answers NXDOMAIN for: WAN DNS can't resolve proxy",
    setup: [flowStep("wan-dhcp"), flowStep("proxy-enable", { "PROXY HOST": "PROXY.INVALID.TEST", "PROXY PORT": "3128" })], condition: { kind: "dns-cannot-resolve-proxy", iface: "WAN" }, step: "ENABLE PROXY PROXY.INVALID.TEST with DHCP on the WAN",
    catches: ["proxy-dns-on-lan"], legacyCatches: ["legacy-proxy-as-e06"],
  },
  {
    id: "lan-wan-same-subnet", lab: "split", behaviour: "static WAN address in the LAN's DHCP subnet: Duplicate LAN and WAN config",
    setup: [flowStep("wan-static", (s) => ({ ...staticWan(s, 60), "WAN IP ADDR": served(s).host(60), "WAN GATEWAY": served(s).host(254) }))], condition: { kind: "lan-wan-same-subnet" }, step: "static WAN address 60 of the LAN's subnet beside the LAN's lease",
    catches: ["same-subnet-accepted"], legacyCatches: ["same-subnet-accepted", "legacy-wan-as-lan"],
  },
  {
    id: "lan-wan-same-gateway", lab: WAN_LEASE_LAN_ROUTER, behaviour: "WAN DHCP lease naming the LAN's gateway: LAN and WAN same gateway",
    setup: [flowStep("wan-dhcp")], condition: { kind: "lan-wan-same-gateway" }, step: "ENABLE DHCP ON WAN with a lease whose router is the LAN's gateway",
    catches: ["same-gateway-as-same-subnet"], legacyCatches: ["legacy-wan-as-lan"],
  },
  {
    id: "duplicate-ip", lab: "static", behaviour: "static LAN address already held by another host: Duplicate IP detected",
    setup: [lanSquatter((s) => staticLan(s)["LAN IP ADDR"]), flowStep("static-lan", staticLan)], condition: { kind: "duplicate-ip", iface: "LAN" }, step: "static LAN address while a squatter host holds it",
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
    spec: { lab: r.lab, ...(r.services === false ? { services: false } : {}), ...(legacy ? { model: "legacy" as const } : {}) },
    run: errorRowCheck(r, model),
    catches: legacy ? r.legacyCatches : r.catches,
    ...(!legacy && r.why ? { why: r.why } : {}),
  };
}

export const ERROR_SCENARIOS: readonly Scenario[] = ROWS.flatMap((r) => (r.models ?? ["current", "legacy"]).map((m) => scenarioOf(r, m)));
