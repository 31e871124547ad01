// Catalogue fragment: Platform-side behaviour: syslog forwarding, software updates, scans, heartbeats and what the captures prove.
import { syslogSplit, syslogStandard } from "../checks/platform-syslog.ts";
import type { Scenario } from "../scenario.ts";

export const PLATFORM_SCENARIOS: readonly Scenario[] = [
  {
    id: "syslog-standard", section: "Scanner Appliance Syslog Forwarding", spec: { lab: "standard" }, run: syslogStandard, catches: ["syslog-udp-for-tcp"],
    behaviour: "syslog forwarding set on the portal (UDP by IP on the default port, TCP by DNS name on another port): scan messages arrive from the LAN address",
  },
  {
    id: "syslog-split", section: "Scanner Appliance Syslog Forwarding", spec: { lab: "split" }, run: syslogSplit, catches: ["syslog-from-lan"],
    behaviour: "split network: syslog to a server beyond the WAN gateway leaves from the WAN address (none on the LAN), to one on the LAN's subnet from the LAN",
  },
];
