// Name resolution the way the appliance does it: its own resolver list (DNS1 then DNS2), queried from its
// namespace through node's resolver (curl here has no c-ares, so no --dns-servers; curl gets --resolve instead).
import { isIP } from "node:net";
import { fileURLToPath } from "node:url";
import { has, scaled, sh, type NetContext } from "./context.ts";

const HELPER = fileURLToPath(new URL("./dns-helper.mjs", import.meta.url));

/** What one server said about one name. */
export type DnsAnswer =
  | { readonly kind: "answer"; readonly addresses: readonly string[] }
  | { readonly kind: "nxdomain"; readonly code: string }
  | { readonly kind: "unreachable"; readonly code: string }
  | { readonly kind: "error"; readonly code: string; readonly message?: string };

/** The outcome of resolving a name with a resolver list. */
export type Resolution =
  | { readonly kind: "resolved"; readonly address: string; readonly server: string }
  | { readonly kind: "not-found" }
  | { readonly kind: "unreachable" };

/** One DNS query's timeout (appliance ms; real floor) and how many tries it makes. */
export const DNS_QUERY = Object.freeze({ ms: 5000, floorMs: 400, tries: 2 });

/** Ask `server` for `name` (A or AAAA) from the appliance's namespace, optionally from `localAddress`. */
export async function query(ctx: NetContext, server: string, name: string, family: 4 | 6, localAddress?: string): Promise<DnsAnswer> {
  const timeoutMs = scaled(ctx, DNS_QUERY.ms, DNS_QUERY.floorMs);
  const arg = JSON.stringify({ server, name, family, timeoutMs, tries: DNS_QUERY.tries, ...(localAddress ? { localAddress } : {}) });
  const r = await sh(ctx, process.execPath, [HELPER, arg], { timeoutMs: timeoutMs * 3 + 5000 });
  try {
    return JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as DnsAnswer;
  } catch {
    return { kind: "error", code: `exit ${r.exitCode}`, message: r.stderr.trim().slice(0, 200) };
  }
}

/** The servers the appliance actually uses (DNS2 dropped by the dns2-ignored defect). */
export function usedServers(ctx: NetContext, servers: readonly string[]): string[] {
  const list = servers.filter((s) => isIP(s));
  return has(ctx, "dns2-ignored") ? list.slice(0, 1) : list;
}

/**
 * Resolve `name` with `servers` in order: an IP literal resolves to itself; the first server that answers with an
 * address wins; when every server is unreachable the result says so; otherwise the name was not found.
 */
export async function resolveName(ctx: NetContext, servers: readonly string[], name: string, family: 4 | 6, localAddress?: string): Promise<Resolution> {
  if (isIP(name)) return { kind: "resolved", address: name, server: "" };
  let answered = false;
  for (const server of usedServers(ctx, servers)) {
    const a = await query(ctx, server, name, family, localAddress);
    if (a.kind === "answer" && a.addresses.length) return { kind: "resolved", address: a.addresses[0]!, server };
    if (a.kind === "nxdomain" || a.kind === "answer") answered = true;
  }
  return answered ? { kind: "not-found" } : { kind: "unreachable" };
}
