// Typed records decoded from a capture: one `Frame` per packet, with only the layers it carries.

/** DHCPv4 message types (option 53), by name. */
export type DhcpMsgType =
  | "discover" | "offer" | "request" | "decline" | "ack" | "nak" | "release" | "inform" | `type-${number}`;

/** DHCPv6 message types, by name. */
export type Dhcpv6MsgType =
  | "solicit" | "advertise" | "request" | "confirm" | "renew" | "rebind" | "reply" | "release"
  | "decline" | "reconfigure" | "information-request" | "relay-forw" | "relay-repl" | `type-${number}`;

/** TCP flag names as they appear in `tcp.flags`. */
export type TcpFlag = "FIN" | "SYN" | "RST" | "PSH" | "ACK" | "URG" | "ECE" | "CWR";

/** Options a DHCP message carried (only those the suite checks). */
export interface DhcpOptions {
  subnetMask?: string;
  router?: string[];
  dnsServers?: string[];
  domainName?: string;
  hostname?: string;
  /** NetBIOS over TCP/IP name servers (WINS, option 44). */
  netbios?: string[];
  leaseTime?: number;
  serverId?: string;
  requestedIp?: string;
}

/** Proxy authentication seen in a request: the scheme and who, never a password or token. */
export interface ProxyAuth {
  scheme: "Basic" | "NTLM" | "Negotiate" | "Digest" | string;
  /** NTLM message type (1 negotiate, 2 challenge, 3 authenticate). */
  ntlmType?: number;
  user?: string;
  domain?: string;
}

export interface Frame {
  /** tshark frame number, 1-based. */
  no: number;
  /** Capture time, seconds since the epoch. */
  time: number;
  /** Interface the frame was captured on, when known. */
  iface?: string;
  /** Protocol stack of the outer packet, e.g. ["eth", "ethertype", "ip", "tcp"]; stops at an ICMP error. */
  protocols: string[];
  /** Length on the wire in bytes. */
  len: number;
  eth: { src: string; dst: string; type: number };
  /** 802.1Q/802.1ad VLAN IDs, outer first; absent on untagged frames. */
  vlan?: number[];
  ip?: { version: 4 | 6; src: string; dst: string; proto: number };
  arp?: { op: "request" | "reply" | `op-${number}`; senderIp: string; targetIp: string; senderMac: string };
  icmp?: { type: number; code: number };
  icmpv6?: { type: number; ra?: { prefixes: string[]; rdnss: string[] } };
  tcp?: { srcPort: number; dstPort: number; flags: TcpFlag[] };
  udp?: { srcPort: number; dstPort: number };
  dhcp?: {
    op: "request" | "reply";
    msgType: DhcpMsgType;
    clientMac: string;
    yiaddr: string;
    options: DhcpOptions;
  };
  dhcpv6?: { msgType: Dhcpv6MsgType; addresses?: string[]; dnsServers?: string[] };
  dns?: {
    query: { name: string; type: string };
    response?: { rcode: number; rcodeName: string; answers: string[] };
  };
  http?: {
    method?: string;
    uri?: string;
    host?: string;
    /** For CONNECT: the host and port being tunnelled to. */
    connectHost?: string;
    connectPort?: number;
    status?: number;
    proxyAuthScheme?: ProxyAuth["scheme"];
    proxyAuth?: ProxyAuth;
    /** Schemes a 407 response offered in Proxy-Authenticate. */
    proxyAuthenticate?: string[];
  };
  tls?: { sni?: string; handshakeTypes: number[] };
  syslog?: { facility: number; severity: number; facilityName: string; severityName: string; msg: string };
}
