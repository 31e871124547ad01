// The manual's appliance network errors (Troubleshooting) used by the connection check, and curl's exit
// codes mapped onto them. Twin-local until the oracle exports `errors`: ids and texts are the manual's.

/** The manual's error texts by id (Appliance Network Errors). */
export const ERROR_TEXTS = Object.freeze({
  "no-carrier-lan": "no CARRIER on LAN interface",
  "no-carrier-wan": "no CARRIER on WAN interface",
  "lan-no-ipv4": "LAN has no IPv4 address",
  "wan-no-ipv4": "WAN has no IPv4 address",
  "lan-no-dns": "LAN has no DNS servers",
  "lan-dns-cant-resolve-qg": "LAN DNS can't resolve QG URL",
  "lan-dns-cant-resolve-proxy": "LAN DNS can't resolve proxy",
  "invalid-proxy-ip": "Invalid proxy IP",
  "proxy-http-403": "unexpected proxy HTTP/403",
  "proxy-http-407": "unexpected proxy HTTP/407",
  "proxy-http-503": "unexpected proxy HTTP/503",
  "connect-07": "Error connect to server (07)",
  "timeout-28": "Timeout was reached (28)",
  "send-55": "Failed sending peer data (55)",
  "receive-56": "Failed receiving peer data (56)",
  "ssl-cert": "SSL peer cert was not OK",
  "unexpected-qg-http-401": "Unexpected QG HTTP/401",
  "unexpected-qg-http-500": "Unexpected QG HTTP/500",
} as const);

/** Id of a manual error. */
export type ErrorId = keyof typeof ERROR_TEXTS;

/** Legacy model E-codes for the errors that have one (Network Errors using older appliance model). */
export const LEGACY_CODES: Partial<Record<ErrorId, string>> = Object.freeze({
  "no-carrier-lan": "E10",
  "lan-no-ipv4": "E07",
  "lan-dns-cant-resolve-qg": "E05",
  "lan-dns-cant-resolve-proxy": "E03",
  "invalid-proxy-ip": "E03",
  "proxy-http-403": "E02",
  "proxy-http-407": "E01",
  "proxy-http-503": "E02",
  "connect-07": "E06",
  "timeout-28": "E06",
  "send-55": "E06",
  "receive-56": "E06",
  "ssl-cert": "E06",
});

/** The manual error for a curl run: exit code, HTTP status and proxy CONNECT status; null when it succeeded. */
export function classifyCurl(exit: number, http: number, connect: number, viaProxy: boolean): ErrorId | null {
  if (viaProxy && (connect === 403 || connect === 407 || connect === 503)) return `proxy-http-${connect}` as ErrorId;
  switch (exit) {
    case 0:
      if (http === 401) return "unexpected-qg-http-401";
      if (http >= 400) return "unexpected-qg-http-500";
      return null;
    case 5: return "lan-dns-cant-resolve-proxy";
    case 6: return "lan-dns-cant-resolve-qg";
    case 7: return "connect-07";
    case 28: return "timeout-28";
    case 55: return "send-55";
    case 56: return "receive-56";
    case 35:
    case 51:
    case 58:
    case 60: return "ssl-cert";
    default: return "connect-07";
  }
}
