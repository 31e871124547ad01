// The proxy settings as the appliance uses them: host (IP or FQDN), port, and the account (domain\user = NTLM).
import { isIP, isIPv4 } from "node:net";
import { parseIpv4, plainIpv4, type NetworkCondition } from "../../fixtures/manual/index.ts";
import type { TwinConfig } from "../state/config.ts";

/** The proxy in usable form. */
export interface ProxySettings {
  /** IP literal or host name. */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** Normalised proxy settings of `config` (padded IPv4 made plain, blanks trimmed), or null without a proxy. */
export function proxyOf(config: TwinConfig): ProxySettings | null {
  if (!config.proxy) return null;
  const raw = config.proxy.host.trim();
  const host = parseIpv4(raw) ? plainIpv4(raw) : raw;
  return Object.freeze({ host, port: Number(config.proxy.port.trim() || "0"), user: config.proxy.user.trim(), password: config.proxy.password.replace(/\s+$/, "") });
}

function badAddress(host: string): boolean {
  if (isIPv4(host)) {
    const [a, , , d] = host.split(".").map(Number) as [number, number, number, number];
    return a === 0 || a === 127 || a >= 224 || (host === "255.255.255.255") || (a === 0 && d === 0);
  }
  const h = host.toLowerCase();
  return h === "::" || h === "::1" || h.startsWith("ff");
}

/** What is wrong with the proxy settings themselves (before any traffic): invalid IP or invalid auth config. */
export function proxyConditions(p: ProxySettings | null): NetworkCondition[] {
  if (!p) return [];
  const out: NetworkCondition[] = [];
  if ((isIP(p.host) && badAddress(p.host)) || !(p.port > 0 && p.port < 65536) || !p.host) out.push({ kind: "invalid-proxy-ip" });
  const domainUser = p.user.includes("\\");
  const malformed = domainUser && (p.user.startsWith("\\") || p.user.endsWith("\\"));
  if (Boolean(p.user) !== Boolean(p.password) || malformed) out.push({ kind: "invalid-proxy-auth-config" });
  return out;
}

/** The proxy URL for curl once its host is an address. */
export function proxyUrl(address: string, port: number): string {
  return `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
}
