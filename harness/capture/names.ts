// Number-to-name tables for the protocols we decode (RFC 2132, RFC 8415, RFC 1035, RFC 5424).
import type { DhcpMsgType, Dhcpv6MsgType, TcpFlag } from "./frame.ts";

const DHCP: readonly DhcpMsgType[] = ["discover", "offer", "request", "decline", "ack", "nak", "release", "inform"];

/** DHCP option 53 value to name. */
export const dhcpMsgType = (n: number): DhcpMsgType => DHCP[n - 1] ?? `type-${n}`;

const DHCPV6: readonly Dhcpv6MsgType[] = [
  "solicit", "advertise", "request", "confirm", "renew", "rebind", "reply", "release",
  "decline", "reconfigure", "information-request", "relay-forw", "relay-repl",
];

/** DHCPv6 msg-type to name. */
export const dhcpv6MsgType = (n: number): Dhcpv6MsgType => DHCPV6[n - 1] ?? `type-${n}`;

const DNS_TYPES: Readonly<Record<number, string>> = {
  1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA", 33: "SRV", 65: "HTTPS", 255: "ANY",
};

/** DNS RR type number to mnemonic ("TYPE99" when unknown). */
export const dnsType = (n: number): string => DNS_TYPES[n] ?? `TYPE${n}`;

const RCODES = ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"];

/** DNS rcode to name. */
export const dnsRcode = (n: number): string => RCODES[n] ?? `RCODE${n}`;

const FACILITIES = [
  "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
  "ntp", "audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
];

/** Syslog facility number to name. */
export const syslogFacility = (n: number): string => FACILITIES[n] ?? `facility${n}`;

const SEVERITIES = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

/** Syslog severity number to name. */
export const syslogSeverity = (n: number): string => SEVERITIES[n] ?? `severity${n}`;

const TCP_FLAGS: readonly [number, TcpFlag][] = [
  [0x02, "SYN"], [0x10, "ACK"], [0x01, "FIN"], [0x04, "RST"], [0x08, "PSH"], [0x20, "URG"], [0x40, "ECE"], [0x80, "CWR"],
];

/** tcp.flags bit mask to flag names, SYN and ACK first. */
export const tcpFlags = (mask: number): TcpFlag[] => TCP_FLAGS.filter(([bit]) => (mask & bit) !== 0).map(([, name]) => name);

/** ARP opcode to name. */
export const arpOp = (n: number) => (n === 1 ? "request" : n === 2 ? "reply" : (`op-${n}` as const));
