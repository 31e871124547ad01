// Network defects the core scenarios catch: split routing, VLAN tagging, the LAN error rows, NTLM, recovery after a
// communication failure, the name shown once activated, scan cancelling, DNS2 (joined into DEFECTS by twin/defects.ts).
export const CORE_NET_DEFECTS = [
  { name: "mgmt-on-lan", breaks: "in split mode the platform connection (polls, uploads) leaves through the LAN instead of the WAN", section: "Split Network Configuration" },
  { name: "untagged-scan", breaks: "scan probes leave the LAN untagged although a VLAN is configured", section: "Configure VLANs and Static Routes" },
  { name: "wrong-dns-error", breaks: "an unreachable DNS server is reported as \"LAN DNS can't resolve QG URL\" instead of \"LAN DNS server not reachable\"", section: "Appliance Network Errors" },
  { name: "ntlm-as-basic", breaks: "with a domain\\user proxy account (NTLM) the password is sent with Basic authentication, in clear", section: "Proxy Configuration" },
  { name: "no-recovery", breaks: "after COMMUNICATION FAILURE, later successful polls never bring the name and IP back", section: "Communication Failure message" },
  { name: "nxdomain-as-timeout", breaks: "a DNS answer NXDOMAIN for the platform name is reported as \"Timeout was reached (28)\" instead of \"LAN DNS can't resolve QG URL\"", section: "Appliance Network Errors" },
  { name: "refused-as-timeout", breaks: "a refused TCP connection to the platform is reported as \"Timeout was reached (28)\" instead of \"Error connect to server (07)\"", section: "Appliance Network Errors" },
  { name: "http500-as-401", breaks: "a platform answer HTTP 500 is reported as \"Unexpected QG HTTP/401\" instead of \"Unexpected QG HTTP/500\"", section: "Appliance Network Errors" },
  { name: "name-without-prefix", breaks: "once activated the home screen shows the bare username, without the is_ prefix of the appliance's name", section: "Step 3 - Activate the Scanner Appliance" },
  { name: "scan-not-cancelled", breaks: "a network change during a scan goes straight to the connection check, without CANCELING THE ONGOING SCAN", section: "Changing the Network Configuration" },
  { name: "dns2-ignored", breaks: "only DNS1 is used: with DNS1 unreachable and DNS2 working the platform name is not resolved", section: "Configure Static IP Address" },
] as const satisfies readonly { readonly name: string; readonly breaks: string; readonly section: string }[];
