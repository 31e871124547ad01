// curl's result mapped onto the oracle's network conditions (manual: Appliance Network Errors), whose
// ids and texts the home screen shows. Exit codes: 5/6 DNS, 7 connect, 28 timeout, 55 send, 56 receive,
// 60 (and other TLS failures) certificate; the proxy's CONNECT status comes from %{http_connect}.
import { errorFor, type NetworkCondition } from "../../fixtures/manual/index.ts";

/** An oracle error id (fixtures/manual errors[].id). */
export type ErrorId = string;

/** The oracle's error id for a condition. */
export function errorId(condition: NetworkCondition): ErrorId {
  return errorFor(condition).id;
}

/** The condition a curl run shows: exit code, HTTP status, proxy CONNECT status; null when it succeeded. */
export function classifyCurl(exit: number, http: number, connect: number, viaProxy: boolean): NetworkCondition | null {
  if (viaProxy && (connect === 403 || connect === 407 || connect === 503)) return { kind: "proxy-http-status", status: connect };
  switch (exit) {
    case 0:
      if (http === 401) return { kind: "platform-http-status", status: 401 };
      if (http >= 400 || http === 0) return { kind: "platform-http-status", status: 500 };
      return null;
    case 5:
      return { kind: "dns-cannot-resolve-proxy", iface: "LAN" };
    case 6:
      return { kind: "dns-cannot-resolve-platform", iface: "LAN" };
    case 28:
      return { kind: "timeout", viaProxy };
    case 55:
      return { kind: "send-failed", viaProxy };
    case 56:
      return { kind: "recv-failed", viaProxy };
    case 35:
    case 51:
    case 58:
    case 60:
      return { kind: "ssl-peer-cert" };
    default:
      return { kind: "connect-failed", viaProxy };
  }
}
