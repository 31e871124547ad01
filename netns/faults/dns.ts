// DNS faults: the DNS server at an address stops answering (queries time out) or refuses (port unreachable).
// `applyDnsUnreachable` acts on everything a namespace sees; `applyDnsUnreachableFrom` acts only on the queries that
// arrive through one interface: the lab end of the appliance's cable, so the appliance (and only it) loses its DNS
// server while the lab never touches the appliance itself.
import { randomBytes } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import { faultFailed } from "../services/errors.ts";
import { run, runIn } from "../util/sh.ts";
import { applyDrop, applyReject } from "./firewall.ts";
import { alreadyGone, removeOnce, type Fault } from "./types.ts";

/** How a DNS fault hits: "drop" lets queries time out; "reject" refuses them (ICMP port unreachable / TCP reset). */
export type DnsFaultMode = "drop" | "reject";

/**
 * Make DNS server `server` unreachable as seen from namespace `ns` (a client, a router, or the server's own):
 * "drop" (default) lets queries time out; "reject" answers them with ICMP port unreachable / TCP reset.
 */
export async function applyDnsUnreachable(ns: string, prefix: string, server: string, mode: DnsFaultMode = "drop", port = 53): Promise<Fault> {
  const match = { address: server, port, protocols: ["udp", "tcp"] as const };
  const fault = mode === "drop" ? await applyDrop(ns, prefix, match) : await applyReject(ns, prefix, match);
  return { describe: `DNS server ${server} unreachable (${mode === "drop" ? "queries time out" : "queries refused"}): ${fault.describe}`, undo: fault.undo, remove: fault.remove };
}

/** Where the queries to hit come from: interface `iface` in namespace `ns` (e.g. `lab.cableEnd("lan0")`). */
export interface DnsFaultEntry {
  readonly ns: string;
  readonly iface: string;
}

/**
 * Make DNS server `server` unreachable for the queries that arrive on `from.iface` in `from.ns` (and on its VLAN
 * sub-interfaces `<iface>.<vid>`), wherever the server is: in that namespace (the router that serves DNS) or beyond
 * it (the queries are routed or bridged onward). Everyone else keeps their answers.
 * - `from.iface` a bridge port: "drop" drops the queries in the bridge (nftables bridge family, before they are
 *   delivered or forwarded); "reject" marks them there and rejects them in the inet input/forward hooks, so it needs
 *   the server in `from.ns` or routed through it (this kernel family has no bridge-level reject).
 * - any other interface: an inet table drops or rejects queries whose input interface is `from.iface` or its VLANs.
 */
export async function applyDnsUnreachableFrom(from: DnsFaultEntry, prefix: string, server: string, mode: DnsFaultMode = "drop", port = 53): Promise<Fault> {
  const what = `DNS to ${server} port ${port} arriving on ${from.iface} in namespace ${from.ns} ${mode === "drop" ? "dropped" : "refused"}`;
  const family = isIPv4(server) ? "ip" : isIPv6(server) ? "ip6" : null;
  if (!family) throw faultFailed(what, `expected the DNS server as an IPv4 or IPv6 address, got "${server}"`);
  if (!(Number.isInteger(port) && port > 0 && port < 65536)) throw faultFailed(what, `expected a port 1-65535, got ${port}`);
  if (!/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,14}$/.test(from.iface)) throw faultFailed(what, `expected an interface name (1-15 of A-Za-z0-9_.-), got "${from.iface}"`);
  const bridged = await bridgePort(from, what);
  const table = `${prefix}-dns-${randomBytes(2).toString("hex")}`;
  const mark = `0x${randomBytes(3).toString("hex")}1`;
  const script = renderTables({ table, family, server, port, iface: from.iface, bridged, mode, mark });
  const result = await runIn(from.ns, "nft", ["-f", "-"], { input: script, allowFailure: true });
  if (result.exitCode !== 0) throw faultFailed(what, `nft refused the table ${table}: ${result.stderr.trim()}`);
  const families = bridged ? (mode === "drop" ? ["bridge"] : ["bridge", "inet"]) : ["inet"];
  const undo = families.map((f) => ["ip", "netns", "exec", from.ns, "nft", "delete", "table", f, table]);
  const remove = removeOnce(async () => {
    for (const [, , , ns, cmd, ...args] of undo) {
      const del = await runIn(ns!, cmd!, args, { allowFailure: true });
      if (del.exitCode !== 0 && !alreadyGone(del.stderr)) throw faultFailed(`remove ${what}`, del.stderr.trim());
    }
  });
  return { describe: `DNS server ${server} unreachable from ${from.iface} (${mode === "drop" ? "queries time out" : "queries refused"}): ${what} (nft table ${families.join("+")} ${table})`, undo, remove };
}

/** True when `iface` is a port of a bridge in `ns`; an error naming the interface when it does not exist. */
async function bridgePort(from: DnsFaultEntry, what: string): Promise<boolean> {
  const r = await run("ip", ["-n", from.ns, "-j", "-d", "link", "show", "dev", from.iface], { allowFailure: true });
  if (r.exitCode !== 0) throw faultFailed(what, `no interface ${from.iface} in namespace ${from.ns}: ${r.stderr.trim()}`);
  const [link] = JSON.parse(r.stdout) as { linkinfo?: { info_slave_kind?: string } }[];
  return link?.linkinfo?.info_slave_kind === "bridge";
}

interface TableSpec {
  table: string;
  family: "ip" | "ip6";
  server: string;
  port: number;
  iface: string;
  bridged: boolean;
  mode: DnsFaultMode;
  mark: string;
}

/** The nft script of a DNS fault (exported for its test). */
export function renderTables(t: TableSpec): string {
  const dns = (verdictUdp: string, verdictTcp: string) => [
    `${t.family} daddr ${t.server} udp dport ${t.port} ${verdictUdp}`,
    `${t.family} daddr ${t.server} tcp dport ${t.port} ${verdictTcp}`,
  ];
  const chain = (name: string, hook: string, rules: string[]) =>
    `  chain ${name} {\n    type filter hook ${hook} priority -10; policy accept;\n${rules.map((r) => `    ${r}`).join("\n")}\n  }`;
  const ifaces = [`"${t.iface}"`, `"${t.iface}.*"`];
  if (t.bridged && t.mode === "drop") {
    return `table bridge ${t.table} {\n${chain("prerouting", "prerouting", dns("drop", "drop").map((r) => `iifname "${t.iface}" ${r}`))}\n}\n`;
  }
  const verdicts = t.mode === "drop" ? dns("drop", "drop") : dns("reject with icmpx type port-unreachable", "reject with tcp reset");
  const match = t.bridged ? [`meta mark ${t.mark}`] : ifaces.map((i) => `iifname ${i}`);
  const rules = match.flatMap((m) => verdicts.map((v) => `${m} ${v}`));
  const inet = `table inet ${t.table} {\n${chain("input", "input", rules)}\n${chain("forward", "forward", rules)}\n}\n`;
  if (!t.bridged) return inet;
  return `table bridge ${t.table} {\n${chain("prerouting", "prerouting", [`iifname "${t.iface}" meta mark set ${t.mark}`])}\n}\n${inet}`;
}
