// Application layers of a Frame: DHCP, DHCPv6, ICMPv6 RA, DNS, HTTP (proxy auth, secrets dropped), TLS SNI, syslog.
import { compact, type Fields } from "./fields.ts";
import type { Frame, ProxyAuth } from "./frame.ts";
import * as names from "./names.ts";

/** DHCPv4 with the options the suite checks. */
export function dhcp(f: Fields): Frame["dhcp"] {
  const msg = f.num("dhcp.option.dhcp");
  const ips = (name: Parameters<Fields["all"]>[0]) => (f.has(name) ? [...f.all(name)] : undefined);
  return {
    op: f.num("dhcp.type") === 2 ? "reply" : "request",
    msgType: msg === undefined ? "type-0" : names.dhcpMsgType(msg),
    clientMac: f.str("dhcp.hw.mac_addr") ?? "",
    yiaddr: f.str("dhcp.ip.your") ?? "0.0.0.0",
    options: compact({
      subnetMask: f.str("dhcp.option.subnet_mask"),
      router: ips("dhcp.option.router"),
      dnsServers: ips("dhcp.option.domain_name_server"),
      domainName: f.str("dhcp.option.domain_name"),
      hostname: f.str("dhcp.option.hostname"),
      netbios: ips("dhcp.option.netbios_over_tcpip_name_server"),
      leaseTime: f.num("dhcp.option.ip_address_lease_time"),
      serverId: f.str("dhcp.option.dhcp_server_id"),
      requestedIp: f.str("dhcp.option.requested_ip_address"),
    }),
  };
}

/** DHCPv6 message type, offered/assigned addresses (IA_NA) and DNS servers. */
export function dhcpv6(f: Fields): Frame["dhcpv6"] {
  const list = (name: "dhcpv6.iaaddr.ip" | "dhcpv6.dns_server") => (f.has(name) ? [...f.all(name)] : undefined);
  return compact({
    msgType: names.dhcpv6MsgType(f.num("dhcpv6.msgtype") ?? 0),
    addresses: list("dhcpv6.iaaddr.ip"),
    dnsServers: list("dhcpv6.dns_server"),
  });
}

/** ICMPv6 type; for a Router Advertisement (134) its prefixes ("p/len") and RDNSS servers. */
export function icmpv6(f: Fields): Frame["icmpv6"] {
  const type = f.num("icmpv6.type") ?? -1;
  if (type !== 134) return { type };
  const lengths = f.all("icmpv6.opt.prefix.length");
  const prefixes = f.all("icmpv6.opt.prefix").map((p, i) => `${p}/${lengths[i] ?? "?"}`);
  return { type, ra: { prefixes, rdnss: [...f.all("icmpv6.opt.rdnss")] } };
}

/** DNS question, and for responses the rcode and answer addresses/names. */
export function dns(f: Fields): Frame["dns"] {
  const query = { name: f.str("dns.qry.name") ?? "", type: names.dnsType(f.num("dns.qry.type") ?? 0) };
  const isResponse = f.str("dns.flags.response") === "1" || f.str("dns.flags.response") === "True";
  if (!isResponse) return { query };
  const rcode = f.num("dns.flags.rcode") ?? 0;
  const answers = [...f.all("dns.cname"), ...f.all("dns.a"), ...f.all("dns.aaaa")];
  return { query, response: { rcode, rcodeName: names.dnsRcode(rcode), answers } };
}

/** HTTP request/response; Proxy-Authorization is reduced to scheme, NTLM type and user: no password, no token. */
export function http(f: Fields): Frame["http"] {
  const method = f.str("http.request.method");
  const uri = f.str("http.request.uri");
  const out: NonNullable<Frame["http"]> = compact({ method, uri, host: f.str("http.host"), status: f.num("http.response.code") });
  if (method === "CONNECT" && uri) {
    const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(uri);
    out.connectHost = m ? m[1] : uri;
    if (m) out.connectPort = Number(m[2]);
  }
  const auth = proxyAuth(f);
  if (auth) {
    out.proxyAuthScheme = auth.scheme;
    out.proxyAuth = auth;
  }
  const offered = f.all("http.proxy_authenticate").map((v) => v.split(/\s+/)[0] ?? "").filter(Boolean);
  if (offered.length) out.proxyAuthenticate = offered;
  return out;
}

function proxyAuth(f: Fields): ProxyAuth | undefined {
  const header = f.str("http.proxy_authorization");
  if (header === undefined) return undefined;
  const [scheme = "", token = ""] = header.trim().split(/\s+/, 2);
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(token, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return compact({ scheme: "Basic", user: colon > 0 ? decoded.slice(0, colon) : undefined });
  }
  if (/^(ntlm|negotiate)$/i.test(scheme)) {
    return compact({
      scheme: /^ntlm$/i.test(scheme) ? "NTLM" : "Negotiate",
      ntlmType: f.num("ntlmssp.messagetype"),
      user: f.str("ntlmssp.auth.username") || undefined,
      domain: f.str("ntlmssp.auth.domain") || undefined,
    });
  }
  return { scheme };
}

/** TLS handshake types seen and the ClientHello's SNI. */
export function tls(f: Fields): Frame["tls"] {
  return compact({ sni: f.str("tls.handshake.extensions_server_name"), handshakeTypes: f.nums("tls.handshake.type") });
}

/** Syslog PRI split into facility/severity, and the message text. */
export function syslog(f: Fields): Frame["syslog"] {
  const facility = f.num("syslog.facility") ?? -1;
  const severity = f.num("syslog.level") ?? -1;
  return {
    facility,
    severity,
    facilityName: names.syslogFacility(facility),
    severityName: names.syslogSeverity(severity),
    msg: f.str("syslog.msg") ?? "",
  };
}
