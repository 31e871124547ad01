// nftables faults inside one namespace: drop (the client times out) or reject (the client is refused).
import { randomBytes } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import { faultFailed } from "../services/errors.ts";
import { runIn } from "../util/sh.ts";
import { alreadyGone, removeOnce, type Fault } from "./types.ts";

/** Which packets a firewall fault hits: to an address (or CIDR), a port, some protocols, from a source. */
export interface FirewallMatch {
  /** Destination address or CIDR (IPv4 or IPv6); absent = any. */
  address?: string;
  /** Destination port; needs tcp and/or udp protocols. */
  port?: number;
  /** Protocols hit; default ["tcp"] when a port is given, else every protocol. */
  protocols?: readonly ("tcp" | "udp")[];
  /** Source address or CIDR; absent = any. */
  source?: string;
  /** Only packets arriving on these interfaces (input/forward); absent = any. */
  inInterfaces?: readonly string[];
}

/** Drop matching packets in namespace `ns` (input, output and forward): connections time out (curl exit 28). */
export function applyDrop(ns: string, prefix: string, match: FirewallMatch): Promise<Fault> {
  return applyFirewall(ns, prefix, match, "drop");
}

/** Reject matching packets in `ns`: TCP gets a reset (curl exit 7), UDP an ICMP port unreachable. */
export function applyReject(ns: string, prefix: string, match: FirewallMatch): Promise<Fault> {
  return applyFirewall(ns, prefix, match, "reject");
}

async function applyFirewall(ns: string, prefix: string, match: FirewallMatch, action: "drop" | "reject"): Promise<Fault> {
  const table = `${prefix}-${action}-${randomBytes(2).toString("hex")}`;
  const what = `${action} ${describeMatch(match)} in namespace ${ns}`;
  const rules = ruleLines(match, action, what);
  const chains = ["input", "output", "forward"].map(
    (hook) => `  chain ${hook} {\n    type filter hook ${hook} priority -10; policy accept;\n${rules.map((r) => `    ${r}`).join("\n")}\n  }`,
  );
  const script = `table inet ${table} {\n${chains.join("\n")}\n}\n`;
  const result = await runIn(ns, "nft", ["-f", "-"], { input: script, allowFailure: true });
  if (result.exitCode !== 0) throw faultFailed(what, `nft refused the table ${table}: ${result.stderr.trim()}`);
  const remove = removeOnce(async () => {
    const del = await runIn(ns, "nft", ["delete", "table", "inet", table], { allowFailure: true });
    if (del.exitCode !== 0 && !alreadyGone(del.stderr)) throw faultFailed(`remove ${what}`, del.stderr.trim());
  });
  const undo = [["ip", "netns", "exec", ns, "nft", "delete", "table", "inet", table]];
  return { describe: `${what} (nft table inet ${table})`, undo, remove };
}

function ruleLines(match: FirewallMatch, action: "drop" | "reject", what: string): string[] {
  const addr = (field: "daddr" | "saddr", value: string | undefined) => {
    if (value === undefined) return "";
    const host = value.split("/")[0] ?? "";
    if (isIPv4(host)) return `ip ${field} ${value} `;
    if (isIPv6(host)) return `ip6 ${field} ${value} `;
    throw faultFailed(what, `expected an IPv4/IPv6 address or CIDR, got "${value}"`);
  };
  if (match.port !== undefined && !(Number.isInteger(match.port) && match.port > 0 && match.port < 65536)) {
    throw faultFailed(what, `expected a port 1-65535, got ${match.port}`);
  }
  const names = match.inInterfaces ?? [];
  if (names.some((n) => !/^[A-Za-z0-9_.-]{1,15}$/.test(n))) throw faultFailed(what, `expected interface names, got ${JSON.stringify(names)}`);
  const iif = names.length ? `iifname { ${names.map((n) => `"${n}"`).join(", ")} } ` : "";
  const base = `${iif}${addr("saddr", match.source)}${addr("daddr", match.address)}`;
  const protocols = match.protocols ?? (match.port !== undefined ? ["tcp"] : []);
  if (protocols.length === 0) return [`${base}${action === "drop" ? "drop" : "reject with icmpx type admin-prohibited"}`];
  return protocols.map((proto) => {
    const port = match.port !== undefined ? `th dport ${match.port} ` : "";
    const verdict = action === "drop" ? "drop" : proto === "tcp" ? "reject with tcp reset" : "reject with icmpx type port-unreachable";
    return `${base}meta l4proto ${proto} ${port}${verdict}`;
  });
}

function describeMatch(match: FirewallMatch): string {
  const protocols = match.protocols?.join("+") ?? (match.port !== undefined ? "tcp" : "all traffic");
  const to = match.address ? ` to ${match.address}` : "";
  const port = match.port !== undefined ? ` port ${match.port}` : "";
  const from = match.source ? ` from ${match.source}` : "";
  const via = match.inInterfaces?.length ? ` arriving on ${match.inInterfaces.join(", ")}` : "";
  return `${protocols}${to}${port}${from}${via}`;
}
