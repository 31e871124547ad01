// Catalogue fragment: Quick Start option chart rows: each configuration reaches the platform (ACTIVATION CODE until the appliance is activated), then the name-and-IP screen after activation on the portal.
// One scenario per chart cell from the table below (lab, errors the lab forces before each option, the defect that
// breaks the cell); then the IPv6-only paths and activation completed by a restart.
import type { NetworkCondition, Section } from "../../fixtures/manual/index.ts";
import { chartCell, LAB_PROXY_PASSWORD, optionsOf, type ChartCell } from "../checks/chart.ts";
import { autoIpv6Activation, staticIpv6Activation } from "../checks/chart-ipv6.ts";
import { rebootCompletesActivation } from "../checks/chart-reboot.ts";
import { neverActivated, type Scenario } from "../scenario.ts";

// The static columns run on LANs without DHCP, the proxy columns where only the proxy leads out, the split rows where
// only the WAN does: each option is needed, and the error before it is the one the lab forces.
const NO_IPV4: NetworkCondition = { kind: "no-ipv4", iface: "LAN" };
const NO_PLATFORM_NAME: NetworkCondition = { kind: "dns-cannot-resolve-platform", iface: "LAN" };
const NO_PROXY_NAME: NetworkCondition = { kind: "dns-cannot-resolve-proxy", iface: "LAN" };
// proxy-basic: the LAN router forwards nothing, so a direct connection to the platform times out.
const NO_ROUTE_OUT: NetworkCondition = { kind: "timeout", viaProxy: false };

/** One row of the table: a chart cell, its lab, its manual section and the defect that must break it. */
interface CellRow extends ChartCell {
  readonly lab: string;
  readonly section: Section;
  readonly defect: string;
}

const CELLS: readonly CellRow[] = [
  { row: "standard", column: "dhcp", lab: "standard", before: [], section: "Step 3 - Activate the Scanner Appliance", defect: "name-ip-gateway" },
  { row: "standard", column: "static", lab: "static", before: [NO_IPV4], section: "Configure Static IP Address", defect: "static-gateway-ignored" },
  { row: "standard", column: "dhcpProxy", lab: "proxy-basic", before: [NO_ROUTE_OUT], section: "Proxy Configuration", defect: "proxy-port-ignored" },
  { row: "standard", column: "staticProxy", lab: "proxy-static", before: [NO_IPV4, NO_ROUTE_OUT], section: "Proxy Configuration", defect: "basic-auth-missing" },
  { row: "splitDhcp", column: "dhcp", lab: "split", before: [NO_PLATFORM_NAME], section: "Split Network Configuration", defect: "wan-dns-ignored" },
  { row: "splitDhcp", column: "static", lab: "split-static", before: [NO_IPV4, NO_PLATFORM_NAME], section: "Split Network Configuration", defect: "wan-lease-router-ignored" },
  { row: "splitDhcp", column: "dhcpProxy", lab: "split-proxy", before: [NO_PLATFORM_NAME, NO_PROXY_NAME], section: "Split Network Configuration", defect: "proxy-dns-on-lan" },
  { row: "splitDhcp", column: "staticProxy", lab: "split-proxy-static", before: [NO_IPV4, NO_PLATFORM_NAME, NO_PROXY_NAME], section: "Split Network Configuration", defect: "static-dns-overrides-wan" },
  { row: "splitStatic", column: "dhcp", lab: "split", before: [NO_PLATFORM_NAME], section: "Split Network Configuration", defect: "static-wan-gateway-ignored" },
  { row: "splitStatic", column: "static", lab: "split-static", before: [NO_IPV4, NO_PLATFORM_NAME], section: "Split Network Configuration", defect: "wan-netmask-ignored" },
  { row: "splitStatic", column: "dhcpProxy", lab: "split-proxy", before: [NO_PLATFORM_NAME, NO_PROXY_NAME], section: "Split Network Configuration", defect: "proxy-host-is-gateway" },
  { row: "splitStatic", column: "staticProxy", lab: "split-proxy-static", before: [NO_IPV4, NO_PLATFORM_NAME, NO_PROXY_NAME], section: "Split Network Configuration", defect: "static-wan-dns-ignored" },
];

const ROW_TITLE = { standard: "Standard Config", splitDhcp: "Split Netw. Config: DHCP on WAN", splitStatic: "Split Netw. Config: Static IP on WAN" } as const;
const COLUMN_TITLE = { dhcp: "DHCP w/o Proxy", static: "Static IP w/o Proxy", dhcpProxy: "DHCP with Proxy", staticProxy: "Static IP with Proxy" } as const;

/** The scenario of one chart cell. */
function cellScenario(c: CellRow, i: number): Scenario {
  const options = optionsOf(c);
  const proxy = options.includes("B");
  return {
    id: `chart-${c.row}-${c.column}`,
    section: c.section,
    // The cell's key comes first: evidence directories are named from the first characters of the test name.
    behaviour: `chart ${c.row} x ${c.column} ("${ROW_TITLE[c.row]}" x "${COLUMN_TITLE[c.column]}"): ${options.length ? `options ${options.join(" & ")} in order` : "no action"} reach the platform (ACTIVATION CODE until activated), then is_<username> and the LAN IP`,
    // The cell checks the configuration reaching the platform, not the activation: the home screen the platform's record
    // predicts (ACTIVATION CODE, or the name where it has the appliance activated), then is_<username> and the LAN IP.
    spec: { lab: c.lab, ...(proxy ? { secrets: [LAB_PROXY_PASSWORD] } : {}) },
    run: chartCell(c, `chart${String(i + 1).padStart(2, "0")}`),
    catches: [c.defect],
  };
}

export const CHART_SCENARIOS: readonly Scenario[] = [
  ...CELLS.map(cellScenario),
  // The IPv6-only paths check the mode reaching the platform (as the cells above), so they run activated too.
  { id: "chart-ipv6-auto", section: "Enable IPv6-only Mode", behaviour: "RESET TO IPv6 ONLY MODE? on an IPv6-only LAN: SLAAC address and RDNSS resolver reach the platform (ACTIVATION CODE until activated), then is_<username> and the LAN IPv6", spec: { lab: "ipv6-only" }, run: autoIpv6Activation, catches: ["rdnss-ignored"] },
  { id: "chart-ipv6-static", section: "Network Settings in IPv6-only Mode", behaviour: "IPv6-only LAN without router advertisements: ENABLE STATIC IPv6 ON LAN? reaches the platform (ACTIVATION CODE until activated), then is_<username> and the static IPv6", spec: { lab: "ipv6-static" }, run: staticIpv6Activation, catches: ["static6-dns-ignored"] },
  // About the activation itself (a reboot completes it): a never-activated appliance.
  { id: "chart-reboot-activation", section: "Step 3 - Activate the Scanner Appliance", behaviour: "activated on the portal while the next poll is far away: SYSTEM REBOOT completes the activation (name and IP right after the boot)", spec: neverActivated({ lab: "standard" }), run: rebootCompletesActivation, catches: ["reboot-keeps-code"] },
];
