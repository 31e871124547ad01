// Syslog forwarding as configured on the portal (subscription-wide): UDP or TCP, port (514 by default), server by
// address or DNS name. Messages leave from the management interface's address in split mode (reachable "from the
// scanner's LAN, native VLAN or WAN gateways"), through the twin's own resolvers for a server name.
import { isIP } from "node:net";
import { fileURLToPath } from "node:url";
import { mgmtState, type Applied } from "./apply.ts";
import { sh, type NetContext } from "./context.ts";
import { resolveName } from "./dns.ts";

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
  const local = applied.mgmt === "WAN" ? mgmt.address ?? undefined : undefined;
  const r = isIP(setting.server) ? { kind: "resolved" as const, address: setting.server } : await resolveName(ctx, mgmt.dns, setting.server, applied.family, local);
  if (r.kind !== "resolved") return false;
  const arg = JSON.stringify({ protocol: setting.protocol, address: r.address, port: setting.port ?? 514, localAddress: local, lines: texts.map((t) => syslogLine(host, t)) });
  const res = await sh(ctx, process.execPath, [HELPER, arg], { timeoutMs: 20_000 });
  return res.exitCode === 0;
}
