// The one table of the suite: each scenario's manual section, behaviour, session, check, and the twin
// defect that must make it fail (proof that it can fail). Section files and defect-proof.ts read it.
// Areas with many rows keep them in scenarios/catalogue/<area>.ts; SCENARIOS joins them.
import type { Section } from "../fixtures/manual/index.ts";
import { bootSequence, rebootFlow, shutdownFlow } from "./checks/boot.ts";
import { macOnEnter } from "./checks/console-mac.ts";
import { portLinkRing } from "./checks/ethernet.ts";
import { floodLoses, pacedNoLoss } from "./checks/keys.ts";
import { forbiddenCharacters, mainMenuItems } from "./checks/navigation.ts";
import { scanCancelledOnChange, scanCancelledOnPortLink, scanOnVlan } from "./checks/scan-cancel.ts";
import { ntlmProxy, splitThroughWan, staticDns2 } from "./checks/management.ts";
import { communicationFailure, quickStartActivation } from "./checks/platform.ts";
import { PROXY_PASSWORD, passwordAbsent, proxyEnable, proxyHostDefault, proxyUserLimit } from "./checks/proxy.ts";
import { resetAll, resetModes } from "./checks/reset.ts";
import { netmaskRingBothWays, staticIp } from "./checks/static-ip.ts";
import { dhcpVlanExclusive, vlanLifecycle, vlanPersists, vlanRange } from "./checks/vlan.ts";
import { neverActivated, SLOW, type Scenario } from "./scenario.ts";
import { CHART_SCENARIOS } from "./catalogue/chart.ts";
import { CONNECTIVITY_SCENARIOS } from "./catalogue/connectivity.ts";
import { ERROR_SCENARIOS } from "./catalogue/errors.ts";
import { PLATFORM_SCENARIOS } from "./catalogue/platform.ts";

const CORE: readonly Scenario[] = [
  { id: "boot-sequence", spec: SLOW, section: "System Reboot and Shutdown", behaviour: "boot messages in order, then CONTACTING QUALYS", run: bootSequence, catches: ["boot-order"] },
  { id: "reboot", spec: SLOW, section: "System Reboot and Shutdown", behaviour: "SYSTEM REBOOT: Up cancels REALLY REBOOT SYSTEM?, ENTER reboots through REBOOTING SYSTEM", run: rebootFlow, catches: ["up-no-cancel"] },
  { id: "shutdown", spec: SLOW, section: "System Reboot and Shutdown", behaviour: "SYSTEM SHUTDOWN: REALLY SHUTDOWN SYSTEM?, then It's now safe to unplug the box", run: shutdownFlow, catches: ["no-unplug-message"] },
  { id: "main-menu", section: "Navigating the Appliance UI", behaviour: "main menu and SETUP NETWORK items in order, with their navigation indicators", run: mainMenuItems, catches: ["wrong-indicators"] },
  { id: "forbidden-chars", section: "Navigating the Appliance UI", behaviour: "DOMAIN NAME refuses characters outside its set ('-', '!', lower case 'a')", run: forbiddenCharacters, catches: ["domain-forbidden-char", "domain-lower-case"] },
  { id: "proxy-user-limit", section: "Navigating the Appliance UI", behaviour: "PROXY USER keeps at most 32 characters", run: proxyUserLimit, catches: ["proxy-user-limit"] },
  { id: "static-ip", section: "Configure Static IP Address", behaviour: "static IP on LAN: prompts, zero-padded octets, rename to CHANGE STATIC IP ON LAN", run: staticIp, catches: ["prompt-typo", "no-zero-pad", "no-rename"] },
  { id: "netmask-ring", section: "Configure Static IP Address", behaviour: "netmask ring both directions (with the /4 erratum row), cancel with Up", run: netmaskRingBothWays, catches: ["netmask-order"] },
  { id: "vlan-lifecycle", section: "Configure VLANs and Static Routes", behaviour: "VLAN enable (0000 default), change, disable with 0000; DHCP option hidden while set, ENABLE DHCP ON LAN after 0000", run: vlanLifecycle, catches: ["dhcp-with-vlan", "renew-dhcp-by-default"] },
  { id: "dhcp-vlan-exclusive", section: "Configure Static IP Address", behaviour: "factory menu offers ENABLE DHCP ON LAN beside ENABLE VLAN ON LAN; once DHCP is enabled it reads RENEW DHCP ON LAN and the VLAN option is gone", run: dhcpVlanExclusive, catches: ["renew-dhcp-by-default", "vlan-with-dhcp"] },
  { id: "vlan-range", section: "Configure VLANs and Static Routes", behaviour: "VLAN IDs above 4094 are refused", run: vlanRange, catches: ["vlan-range"] },
  { id: "vlan-persists", spec: SLOW, section: "Configure VLANs and Static Routes", behaviour: "VLAN kept across reboot and power cut (filesystem check shown)", run: vlanPersists, catches: ["vlan-not-persisted"] },
  {
    id: "proxy-enable", spec: SLOW, section: "Proxy Configuration", behaviour: "ENABLE PROXY fields and confirmations; password masked in the saved transcripts",
    run: async (s) => {
      await proxyEnable(s);
      await passwordAbsent(s);
    },
    catches: null, why: "no catalogue defect breaks the proxy prompts or the masking (the console masks, not the twin)",
  },
  { id: "proxy-host-default", section: "Proxy Configuration", behaviour: "PROXY HOST shows the gateway by default (the DHCP gateway of the LAN's VLAN)", spec: { lab: "vlan" }, run: proxyHostDefault, catches: ["proxy-host-no-dhcp-gateway"] },
  { id: "port-link", section: "Ethernet Port Configuration", behaviour: "LAN PORT LINK ring Right/Left in table order, REALLY SET LAN TO <value>, two Ups back", run: portLinkRing, catches: ["port-ring-reversed"] },
  { id: "reset-all", spec: SLOW, section: "Reset All Network Settings", behaviour: "REALLY RESET ALL SETTINGS? restores factory defaults (proxy and VLAN gone)", run: resetAll, catches: ["reset-keeps-proxy"] },
  { id: "reset-modes", spec: SLOW, section: "Reset All Network Settings", behaviour: "reset to IPv6-only mode and back to IPv4+v6 mode, defaults in each", run: resetModes, catches: ["reset-keeps-proxy"] },
  { id: "paced-keys", section: "Step 1 - Connect the Scanner Appliance to the Network", behaviour: "keys sent one at a time at 9600 baud are never lost", spec: { pace: true }, run: pacedNoLoss, catches: ["drop-keys"] },
  { id: "mac-on-enter", section: "Step 1 - Connect the Scanner Appliance to the Network", behaviour: "ENTER shows the Remote Console with the MAC address: the source MAC of the appliance's DHCP requests on the LAN", spec: { lab: "standard" }, run: macOnEnter, catches: ["mac-shown-wrong"] },
  { id: "flood-loses", section: "Step 1 - Connect the Scanner Appliance to the Network", behaviour: "a keystroke flood loses characters", run: floodLoses, catches: null, why: "the manual's warning itself; no defect makes a flood lossless" },
  { id: "static-dns2", section: "Configure Static IP Address", behaviour: "static IP with DNS1 unreachable: DNS2 resolves the platform", spec: { lab: "standard" }, run: staticDns2, catches: ["dns2-ignored"] },
  { id: "split-wan", section: "Split Network Configuration", behaviour: "ENABLE DHCP ON WAN: the platform is reached through the WAN only", spec: { lab: "split" }, run: splitThroughWan, catches: ["mgmt-on-lan"] },
  { id: "scan-cancel", section: "Changing the Network Configuration", behaviour: "S1 lit during a platform scan; a network change shows CANCELING THE ONGOING SCAN and cancels it", spec: { lab: "standard" }, run: scanCancelledOnChange, catches: ["scan-not-cancelled"] },
  { id: "scan-cancel-port-link", section: "Changing the Network Configuration", behaviour: "S1 lit during a platform scan; a LAN PORT LINK change shows CANCELING THE ONGOING SCAN, cancels it and returns to LAN PORT LINK", spec: { lab: "standard" }, run: scanCancelledOnPortLink, catches: ["port-link-scan-kept"] },
  { id: "ntlm-proxy", section: "Proxy Configuration", behaviour: "ENABLE PROXY with a domain\\user account through an NTLM-only proxy reaches the platform", spec: { lab: "proxy-ntlm", secrets: [PROXY_PASSWORD] }, run: ntlmProxy, catches: ["ntlm-as-basic"] },
  { id: "scan-on-vlan", section: "Configure VLANs and Static Routes", behaviour: "with VLAN 100 set, a platform scan reaches a target through the tagged LAN", spec: { lab: "vlan" }, run: scanOnVlan, catches: ["untagged-scan"] },
  // The only core row about the activation itself (ACTIVATION CODE activated on the portal): it needs a never-activated
  // appliance. Every other row that reaches the platform or activates runs on an activated appliance too (checks read
  // the platform's record: common.ts reachedPlatform, platform.ts activatedAs).
  { id: "activation", section: "Step 3 - Activate the Scanner Appliance", behaviour: "ACTIVATION CODE activated on the portal brings is_<username> and the LAN IP", spec: neverActivated({ lab: "standard" }), run: quickStartActivation, catches: ["name-without-prefix"] },
  { id: "communication-failure", section: "Communication Failure message", behaviour: "LAN link down: COMMUNICATION FAILURE at the next poll; name and IP again once the link is back", spec: { lab: "standard" }, run: communicationFailure, catches: ["no-recovery"] },
];

/** Every scenario: the core list above, then the per-area fragments of scenarios/catalogue/. */
export const SCENARIOS: readonly Scenario[] = [...CORE, ...CHART_SCENARIOS, ...ERROR_SCENARIOS, ...CONNECTIVITY_SCENARIOS, ...PLATFORM_SCENARIOS];

/** The scenarios of one manual section. */
export function scenariosOf(section: Section): readonly Scenario[] {
  return SCENARIOS.filter((s) => s.section === section);
}

export type { Scenario } from "./scenario.ts";
