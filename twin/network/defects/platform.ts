// Network defects for syslog forwarding, software updates, scans and heartbeats (joined into DEFECTS by twin/defects.ts).
// Each entry: { name, breaks, section } as in twin/defects.ts; add "as const" entries only.
export const PLATFORM_DEFECTS = [
  { name: "syslog-udp-for-tcp", breaks: "syslog forwarding set to TCP on the portal sends the messages over UDP", section: "Scanner Appliance Syslog Forwarding" },
  { name: "syslog-from-lan", breaks: "in split mode syslog messages to a server beyond the WAN gateway leave from the LAN address", section: "Scanner Appliance Syslog Forwarding" },
  { name: "update-no-s2", breaks: "S2 stays dark while a software update pushed from the portal installs", section: "A Quick Look at the Appliance" },
  { name: "old-versions-reported", breaks: "after an update installs, the polls keep reporting the old scanner and signature versions", section: "We recommend one more thing" },
  { name: "s1-stays-lit", breaks: "S1 stays lit after the platform's scan has finished", section: "A Quick Look at the Appliance" },
  { name: "scan-end-not-reported", breaks: "a finished scan is never reported finished: the portal keeps the appliance busy with less than 100% capacity", section: "We recommend one more thing" },
  { name: "scan-results-on-lan", breaks: "in split mode scan status and results are uploaded through the LAN instead of the WAN", section: "Split Network Configuration" },
  { name: "portal-vlan-ignored", breaks: "a scan on a VLAN set on the portal is sent on the console's VLAN instead of the portal VLAN's tag", section: "Configure VLANs and Static Routes" },
  { name: "static-route-ignored", breaks: "static routes set on the portal are not followed: scans of their destinations go to the default gateway", section: "Configure VLANs and Static Routes" },
  { name: "comm-failure-before-scans-end", breaks: "a failed poll shows COMMUNICATION FAILURE at once while scans still run, S1 still lit", section: "Communication Failure message" },
  { name: "ipv6-scanning-ignored", breaks: "IPv6 scanning enabled on the portal gives the LAN no IPv6 address: IPv6 targets are not scanned", section: "Configure IPv6 Address for Scanning" },
  { name: "serial-misreported", breaks: "the appliance reports the default serial 30512 to the platform instead of its own (the portal applies the wrong VLAN limit)", section: "Configure VLANs and Static Routes" },
] as const satisfies readonly { readonly name: string; readonly breaks: string; readonly section: string }[];
