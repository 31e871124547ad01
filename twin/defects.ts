// The defect catalogue, joined here and only here: each `--defect NAME` makes the twin deviate from the manual in one
// plausible way. The certification suite must fail against every one of them (each entry says what it breaks). The
// console and menu defects are listed below; the network defects, by area, in twin/network/defects/.
import { CHART_DEFECTS } from "./network/defects/chart.ts";
import { CONNECTIVITY_DEFECTS } from "./network/defects/connectivity.ts";
import { CORE_NET_DEFECTS } from "./network/defects/core.ts";
import { ERROR_DEFECTS } from "./network/defects/errors.ts";
import { PLATFORM_DEFECTS } from "./network/defects/platform.ts";

/** One defect: what goes wrong, and which manual behaviour a scenario must check to catch it. */
export interface Defect {
  readonly name: string;
  readonly breaks: string;
  readonly section: string;
}

/** The network defects (the twin's network side reads only these): by area, in catalogue order. */
export const NET_DEFECTS = [...CORE_NET_DEFECTS, ...CHART_DEFECTS, ...ERROR_DEFECTS, ...CONNECTIVITY_DEFECTS, ...PLATFORM_DEFECTS] as const satisfies readonly Defect[];

/** A network defect name. */
export type NetDefectName = (typeof NET_DEFECTS)[number]["name"];

/** Network defect names, catalogue order. */
export const NET_DEFECT_NAMES: readonly NetDefectName[] = NET_DEFECTS.map((d) => d.name);

/** Every defect the twin can be told to have. */
export const DEFECTS = [
  { name: "prompt-typo", breaks: "the LAN GATEWAY prompt is shown as 'LAN GATEWY'", section: "Configure Static IP Address" },
  { name: "netmask-order", breaks: "the netmask ring runs the wrong way: Down shows 255.255.255.128 first, Up 255.255.254.000", section: "Configure Static IP Address" },
  { name: "no-rename", breaks: "ENABLE STATIC IP ON LAN is not renamed CHANGE STATIC IP ON LAN once configured", section: "Configure Static IP Address" },
  { name: "vlan-not-persisted", breaks: "the VLAN ID is lost at the next boot (kept only in memory)", section: "Configure VLANs and Static Routes" },
  { name: "up-no-cancel", breaks: "Up on a confirmation prompt does nothing instead of cancelling the flow", section: "Navigating the Appliance UI" },
  { name: "domain-forbidden-char", breaks: "the DOMAIN NAME (WINS DOMAIN) field accepts '-' (only upper case letters, digits, '_' and '.' are allowed)", section: "Navigating the Appliance UI" },
  { name: "domain-lower-case", breaks: "the DOMAIN NAME (WINS DOMAIN) field offers and accepts lower-case letters (only upper case letters, digits, '_' and '.' are allowed)", section: "Navigating the Appliance UI" },
  { name: "drop-keys", breaks: "every 8th key is lost even when keys are sent one at a time", section: "Step 1 - Connect the Scanner Appliance to the Network" },
  { name: "boot-order", breaks: "'Filesystem check in progress...' is shown before 'Qualys Scanner is starting up...'", section: "System Reboot and Shutdown" },
  { name: "vlan-range", breaks: "VLAN IDs above 4094 (up to 9999) are accepted and stored", section: "Configure VLANs and Static Routes" },
  { name: "proxy-user-limit", breaks: "PROXY USER accepts 40 characters instead of at most 32", section: "Navigating the Appliance UI" },
  { name: "reset-keeps-proxy", breaks: "REALLY RESET ALL SETTINGS? keeps the proxy configuration", section: "Reset All Network Settings" },
  { name: "no-unplug-message", breaks: "SYSTEM SHUTDOWN goes dark without 'It's now safe to unplug the box'", section: "System Reboot and Shutdown" },
  { name: "dhcp-with-vlan", breaks: "the DHCP option stays in SETUP NETWORK while a VLAN is enabled", section: "Configure Static IP Address" },
  { name: "port-link-scan-kept", breaks: "a port-link change (REALLY SET LAN/WAN TO <value>) leaves a running scan going instead of cancelling it (CANCELING THE ONGOING SCAN)", section: "Changing the Network Configuration" },
  { name: "renew-dhcp-by-default", breaks: "the factory SETUP NETWORK menu offers RENEW DHCP ON LAN instead of ENABLE DHCP ON LAN (DHCP was never enabled from the menu)", section: "Configure Static IP Address" },
  { name: "vlan-with-dhcp", breaks: "ENABLE VLAN ON LAN stays in SETUP NETWORK after ENABLE DHCP ON LAN (the other option must disappear)", section: "Configure Static IP Address" },
  { name: "no-zero-pad", breaks: "stored IPv4 addresses are shown without leading zeros (194.55.176.2)", section: "Navigating the Appliance UI" },
  { name: "wrong-indicators", breaks: "the navigation indicators never show the DOWN arrow in menus", section: "Navigating the Appliance UI" },
  { name: "port-ring-reversed", breaks: "Right and Left walk the port-link ring in the opposite directions", section: "Ethernet Port Configuration" },
  { name: "mac-shown-wrong", breaks: "the console's MAC line shows an address the LAN port does not send from (its last octet one higher)", section: "Step 1 - Connect the Scanner Appliance to the Network" },
  { name: "proxy-host-no-dhcp-gateway", breaks: "PROXY HOST is not pre-filled with the gateway DHCP gave (only a static LAN gateway is shown)", section: "Proxy Configuration" },
  ...NET_DEFECTS,
] as const satisfies readonly Defect[];

/** A defect name accepted by `--defect`. */
export type DefectName = (typeof DEFECTS)[number]["name"];

/** All defect names, in catalogue order. */
export const DEFECT_NAMES: readonly DefectName[] = DEFECTS.map((d) => d.name);

/** The catalogue entry for `name`. */
export function defect(name: DefectName): Defect {
  return DEFECTS.find((d) => d.name === name)!;
}
