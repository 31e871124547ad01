// The lab end of the appliance's cable: the interface a lab observes and acts on for an appliance port
// (captures, carrier, link-partner settings). The appliance itself is the `dut` end; the lab never looks inside it.
import type { Topology } from "../topology/schema.ts";

/** An appliance port as the lab cables it. */
export type DutPort = "lan0" | "wan0";

/** Where the cable of an appliance port ends in the lab: host, its namespace, and the interface there. */
export interface CableEnd {
  readonly port: DutPort;
  readonly host: string;
  readonly ns: string;
  readonly iface: string;
}

/** A topology has no link to the appliance's `port`. */
export class NoCableError extends Error {
  override readonly name = "NoCableError";
}

/** The far end of the link whose endpoint is `dut:<port>` in `t`, or null when the port is not cabled. */
export function findCableEnd(t: Pick<Topology, "name" | "links">, port: DutPort): { host: string; iface: string } | null {
  for (const link of t.links) {
    const i = link.endpoints.indexOf(`dut:${port}`);
    if (i < 0) continue;
    const [host = "", iface = ""] = link.endpoints[1 - i]!.split(":");
    return { host, iface };
  }
  return null;
}

/** Like findCableEnd, resolved to a namespace by `ns`; throws naming the lab and its cabled ports when absent. */
export function cableEnd(t: Pick<Topology, "name" | "links">, port: DutPort, ns: (host: string) => string): CableEnd {
  const end = findCableEnd(t, port);
  if (!end) {
    const cabled = (["lan0", "wan0"] as const).filter((p) => findCableEnd(t, p));
    throw new NoCableError(`Lab ${t.name} has no cable to the appliance's ${port} (no link with endpoint "dut:${port}"; cabled ports: ${cabled.join(", ") || "none"})`);
  }
  return Object.freeze({ port, host: end.host, ns: ns(end.host), iface: end.iface });
}
