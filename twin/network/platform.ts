// One HTTPS request to the platform with curl, from the management interface, through the proxy when one is set.
// Everything (URL, body, proxy credentials) goes to curl as a config file on stdin (`-K -`): the proxy password never
// appears in argv or ps. curl's exit code, HTTP status and the proxy's CONNECT status are mapped to the manual's
// conditions (Appliance Network Errors).
import type { NetworkCondition } from "../../fixtures/manual/index.ts";
import { has, scaled, sh, type NetContext } from "./context.ts";
import { fact } from "../../fixtures/manual/index.ts";

/** How the request leaves the appliance. */
export interface Route {
  /** Device the socket is bound to (curl --interface). */
  readonly dev: string;
  /** The platform's address as the appliance resolved it (null with a proxy: the proxy resolves). */
  readonly platformAddress: string | null;
  /** The proxy as http://addr:port, with its credentials, or null. */
  readonly proxy: { readonly url: string; readonly user: string; readonly password: string } | null;
}

/** What curl did. */
export interface CurlResult {
  readonly exit: number;
  readonly http: number;
  readonly connect: number;
  readonly body: string;
  readonly stderr: string;
}

const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
const hostPart = (a: string) => (a.includes(":") ? `[${a}]` : a);

/** Real floor of the platform request's time limit (the manual's 30 s, scaled). */
export const PLATFORM_FLOOR_MS = 1500;

/** The curl config text for a POST of `body` to `path` (exported for tests: it must carry the password, argv must not). */
export function curlConfig(ctx: NetContext, route: Route, path: string, body: unknown): string {
  const url = new URL(path, ctx.platform!.url);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const maxSeconds = scaled(ctx, Number(fact("platform-timeout").value) * 1000, PLATFORM_FLOOR_MS) / 1000;
  const lines = [
    `url = ${q(url.toString())}`, "silent", "show-error", `request = "POST"`, `header = "content-type: application/json"`,
    `data-binary = ${q(JSON.stringify(body))}`, `max-time = ${maxSeconds}`, `interface = ${q(route.dev)}`,
    `write-out = "\\n%{http_code} %{http_connect}"`, `output = "-"`,
  ];
  if (ctx.platform!.caCert) lines.push(`cacert = ${q(ctx.platform!.caCert)}`);
  if (route.proxy) {
    lines.push(`proxy = ${q(route.proxy.url)}`, "proxytunnel");
    if (route.proxy.user && (route.proxy.user.includes("\\") || !has(ctx, "basic-auth-missing"))) {
      const ntlm = route.proxy.user.includes("\\") && !has(ctx, "ntlm-as-basic");
      lines.push(ntlm ? "proxy-ntlm" : "proxy-basic", `proxy-user = ${q(`${route.proxy.user}:${route.proxy.password}`)}`);
    }
  } else {
    lines.push('noproxy = "*"');
    if (route.platformAddress) lines.push(`resolve = ${q(`${url.hostname}:${port}:${hostPart(route.platformAddress)}`)}`);
  }
  return lines.join("\n") + "\n";
}

/** POST `body` to `path` of the platform. */
export async function post(ctx: NetContext, route: Route, path: string, body: unknown): Promise<CurlResult> {
  if (!ctx.platform) throw new Error("twin network: no platform endpoint configured (--platform-endpoint)");
  const r = await sh(ctx, "curl", ["-K", "-"], { input: curlConfig(ctx, route, path, body), timeoutMs: 120_000 });
  const lines = r.stdout.split("\n");
  const [http = "0", connect = "0"] = (lines.pop() ?? "").trim().split(" ");
  return { exit: r.exitCode, http: Number(http) || 0, connect: Number(connect) || 0, body: lines.join("\n"), stderr: r.stderr };
}

/** The manual's condition for a curl result, or null when the exchange succeeded (HTTP 2xx). */
export function conditionOf(r: CurlResult, viaProxy: boolean): NetworkCondition | null {
  if (viaProxy && (r.connect === 403 || r.connect === 407 || r.connect === 503)) return { kind: "proxy-http-status", status: r.connect };
  switch (r.exit) {
    case 0:
      break;
    case 6:
      return viaProxy ? { kind: "proxy-http-status", status: 503 } : { kind: "connect-failed", viaProxy };
    case 7:
      return { kind: "connect-failed", viaProxy };
    case 28:
      return { kind: "timeout", viaProxy };
    case 55:
      return { kind: "send-failed", viaProxy };
    case 18:
    case 52:
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
  if (r.http >= 200 && r.http < 300) return null;
  const code = errorCode(r.body);
  if (code === "account-expired") return { kind: "account-expired" };
  if (code === "scanner-disabled") return { kind: "scanner-disabled" };
  if (code === "unknown-scan-id") return { kind: "scanner-not-registered" };
  return { kind: "platform-http-status", status: r.http === 401 ? 401 : 500 };
}

function errorCode(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
