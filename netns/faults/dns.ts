// DNS faults: the DNS server at an address stops answering (queries time out) or refuses (port unreachable).
import { applyDrop, applyReject } from "./firewall.ts";
import type { Fault } from "./types.ts";

/**
 * Make DNS server `server` unreachable as seen from namespace `ns` (a client, a router, or the server's own):
 * "drop" (default) lets queries time out; "reject" answers them with ICMP port unreachable / TCP reset.
 */
export async function applyDnsUnreachable(ns: string, prefix: string, server: string, mode: "drop" | "reject" = "drop", port = 53): Promise<Fault> {
  const match = { address: server, port, protocols: ["udp", "tcp"] as const };
  const fault = mode === "drop" ? await applyDrop(ns, prefix, match) : await applyReject(ns, prefix, match);
  return { describe: `DNS server ${server} unreachable (${mode === "drop" ? "queries time out" : "queries refused"}): ${fault.describe}`, undo: fault.undo, remove: fault.remove };
}
