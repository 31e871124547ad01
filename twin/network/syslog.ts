// Syslog forwarding as configured on the portal (subscription-wide): UDP or TCP, port (514 by default), server by
// address or DNS name. Messages leave from the management interface's address in split mode (reachable "from the
// scanner's LAN, native VLAN or WAN gateways"), through the twin's own resolvers for a server name.
import { isIP } from "node:net";
import { fileURLToPath } from "node:url";
import { mgmtState, type Applied } from "./apply.ts";
import { has, sh, type NetContext } from "./context.ts";
import { resolveName } from "./dns.ts";
import { addressValue, contains, familyOf, parseCidr } from "../../netns/topology/cidr.ts";

const HELPER = fileURLToPath(new URL("./syslog-helper.mjs", import.meta.url));

/** The portal's syslog setting as the poll answer carries it. */
export type SyslogSetting = { readonly enabled: false } | { readonly enabled: true; readonly protocol: "tcp" | "udp"; readonly port?: number; readonly server: string };

/** One RFC 3164 line: facility user (1), severity info (6) unless given, host = the appliance name. */
export function syslogLine(host: string, text: string, severity = 6, at = new Date()): string {
  const mon = at.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  const stamp = `${mon} ${String(at.getUTCDate()).padStart(2, " ")} ${at.toISOString().slice(11, 19)}`;
  return `<${8 + severity}>${stamp} ${host} qualys-scanner: ${text}`;
}

/** Forward `texts` per `setting`; returns false (and sends nothing) when forwarding is off or the server unresolvable. */
export async function forward(ctx: NetContext, applied: Applied, setting: SyslogSetting | undefined, host: string, texts: readonly string[]): Promise<boolean> {
  if (!setting?.enabled) return false;
  const mgmt = mgmtState(applied);
  const wanLocal = applied.mgmt === "WAN" ? mgmt.address ?? undefined : undefined;
  const r = isIP(setting.server) ? { kind: "resolved" as const, address: setting.server } : await resolveName(ctx, mgmt.dns, setting.server, applied.family, wanLocal);
  if (r.kind !== "resolved") return false;
  const local = sourceFor(ctx, applied, r.address, wanLocal);
  const protocol = has(ctx, "syslog-udp-for-tcp") ? "udp" : setting.protocol;
  const arg = JSON.stringify({ protocol, address: r.address, port: setting.port ?? 514, localAddress: local, lines: texts.map((t) => syslogLine(host, t)) });
  const res = await sh(ctx, process.execPath, [HELPER, arg], { timeoutMs: 20_000 });
  return res.exitCode === 0;
}

/** True when IPv4 `ip` lies in `address`/`prefix`. */
export function inSubnet(ip: string, address: string, prefix: number): boolean {
  const net = parseCidr(`${address}/${prefix}`);
  return net?.family === 4 && familyOf(ip) === 4 && contains(net, 4, addressValue(ip));
}

/** The source address: in split mode a server on the LAN's own subnet is reached from the LAN ("reachable from the
 *  scanner's LAN, native VLAN or WAN gateways"), any other through the WAN; in standard mode the routing decides. */
function sourceFor(ctx: NetContext, applied: Applied, server: string, wanLocal: string | undefined): string | undefined {
  if (applied.mgmt !== "WAN") return undefined;
  const lan = applied.lan;
  const onLan = lan.address !== null && lan.prefix !== null && inSubnet(server, lan.address, lan.prefix);
  if (onLan || has(ctx, "syslog-from-lan")) return lan.address ?? undefined;
  return wanLocal;
}
