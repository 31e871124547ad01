// DNS faults: the DNS server at an address stops answering (queries time out) or refuses (port unreachable).
// Two forms: inside one namespace (any direction), or on the lab end of the appliance's cable (only the queries
// that arrive through that cable: what a lab can do to a hardware appliance, whose inside it cannot reach).
import { createHash, randomBytes } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import { faultFailed } from "../services/errors.ts";
import { run, runIn } from "../util/sh.ts";
import { applyDrop, applyReject } from "./firewall.ts";
import { alreadyGone, removeOnce, type Fault } from "./types.ts";

/** An interface on the lab side of a cable (a Lab's `cableEnd(port)` is one): its namespace and name there. */
export interface LabEnd {
  readonly ns: string;
  readonly iface: string;
}

type Mode = "drop" | "reject";

/**
 * Make DNS server `server` unreachable. Given a namespace `ns` (a client, a router, or the server's own): as seen
 * from it (input, output, forward). Given a lab end (`lab.cableEnd("lan0")`): for queries arriving through that
 * cable only, in the forward and input chains of the end's namespace. "drop" (default) lets queries time out;
 * "reject" answers them with ICMP port unreachable / TCP reset.
 */
export async function applyDnsUnreachable(where: string | LabEnd, prefix: string, server: string, mode: Mode = "drop", port = 53): Promise<Fault> {
  if (typeof where !== "string") return dnsUnreachableOnCable(where, prefix, server, mode, port);
  const match = { address: server, port, protocols: ["udp", "tcp"] as const };
  const fault = mode === "drop" ? await applyDrop(where, prefix, match) : await applyReject(where, prefix, match);
  return { describe: `DNS server ${server} unreachable (${describeMode(mode)}): ${fault.describe}`, undo: fault.undo, remove: fault.remove };
}

const describeMode = (mode: Mode) => (mode === "drop" ? "queries time out" : "queries refused");

/** The packet mark that tags frames entering through bridge port `iface` (one per port name, shared by its faults). */
export function portMark(iface: string): string {
  return `0x4c48${createHash("sha256").update(iface).digest("hex").slice(0, 4)}`;
}

/** The nft script of a DNS fault on lab end `end` (`bridgePort`: the end is a port of a bridge there). */
export function cableDnsScript(table: string, end: LabEnd, bridgePort: boolean, server: string, mode: Mode, port: number): string {
  const what = `DNS server ${server} unreachable through ${end.iface} in ${end.ns}`;
  const host = server.split("/")[0] ?? "";
  const daddr = isIPv4(host) ? `ip daddr ${server}` : isIPv6(host) ? `ip6 daddr ${server}` : undefined;
  if (!daddr) throw faultFailed(what, `expected an IPv4/IPv6 server address, got "${server}"`);
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(end.iface)) throw faultFailed(what, `expected an interface name, got "${end.iface}"`);
  if (!(Number.isInteger(port) && port > 0 && port < 65536)) throw faultFailed(what, `expected a port 1-65535, got ${port}`);
  // A routed packet that came through a bridge shows the bridge as its input interface: the bridge family marks
  // what enters through the port, and the inet chains match the mark.
  const from = bridgePort ? `meta mark ${portMark(end.iface)}` : `iifname "${end.iface}"`;
  const verdict = (proto: string) => (mode === "drop" ? "drop" : proto === "tcp" ? "reject with tcp reset" : "reject with icmpx type port-unreachable");
  const rules = ["udp", "tcp"].map((proto) => `    ${from} ${daddr} meta l4proto ${proto} th dport ${port} ${verdict(proto)}`);
  const chain = (hook: string) => `  chain ${hook} {\n    type filter hook ${hook} priority -10; policy accept;\n${rules.join("\n")}\n  }`;
  const inet = `table inet ${table} {\n${chain("input")}\n${chain("forward")}\n}\n`;
  if (!bridgePort) return inet;
  const mark = `table bridge ${table} {\n  chain prerouting {\n    type filter hook prerouting priority -10; policy accept;\n    iifname "${end.iface}" meta mark set ${portMark(end.iface)}\n  }\n}\n`;
  return mark + inet;
}

async function dnsUnreachableOnCable(end: LabEnd, prefix: string, server: string, mode: Mode, port: number): Promise<Fault> {
  const what = `DNS server ${server} unreachable for queries arriving on ${end.iface} in ${end.ns}`;
  const link = await run("ip", ["-n", end.ns, "-j", "link", "show", "dev", end.iface], { allowFailure: true });
  if (link.exitCode !== 0) throw faultFailed(what, `no interface ${end.iface} in ${end.ns}: ${link.stderr.trim()}`);
  const bridgePort = Boolean((JSON.parse(link.stdout) as { master?: string }[])[0]?.master);
  const table = `${prefix}-dns-${randomBytes(2).toString("hex")}`;
  const script = cableDnsScript(table, end, bridgePort, server, mode, port);
  const applied = await runIn(end.ns, "nft", ["-f", "-"], { input: script, allowFailure: true });
  if (applied.exitCode !== 0) throw faultFailed(what, `nft refused the table ${table}: ${applied.stderr.trim()}`);
  const families = bridgePort ? ["inet", "bridge"] : ["inet"];
  const remove = removeOnce(async () => {
    for (const family of families) {
      const del = await runIn(end.ns, "nft", ["delete", "table", family, table], { allowFailure: true });
      if (del.exitCode !== 0 && !alreadyGone(del.stderr)) throw faultFailed(`remove ${what}`, del.stderr.trim());
    }
  });
  const undo = families.map((family) => ["ip", "netns", "exec", end.ns, "nft", "delete", "table", family, table]);
  return { describe: `${what} (${describeMode(mode)}; nft table${families.length > 1 ? "s" : ""} ${families.map((f) => `${f} ${table}`).join(", ")})`, undo, remove };
}
