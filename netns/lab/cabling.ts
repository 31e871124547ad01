// The `cabling` option of Lab.up, for a hardware appliance: which host NIC is cabled to which appliance port.
// Validated once, before anything is built; a refusal names the option, the NIC and what was expected.
import type { Topology } from "../topology/schema.ts";
import { findCableEnd, type DutPort } from "./cable-end.ts";
import { badCabling } from "./messages.ts";
import { nicsInUse, readNicState, type NicState } from "./nics.ts";

/** Host NIC per appliance port: `{ lan0: "enp3s0", wan0: "enp4s0" }` (wan0 optional). */
export type Cabling = Readonly<Partial<Record<DutPort, string>>>;

/** A host NIC that takes the place of the lab end of the cable to appliance port `port`. */
export interface CabledPort {
  readonly port: DutPort;
  /** The lab end of the cable: host and interface name the NIC gets there. */
  readonly host: string;
  readonly iface: string;
  /** The NIC as it is in the host namespace now (recorded before the move; restored at give-back). */
  readonly state: NicState;
}

const PORTS: readonly DutPort[] = ["lan0", "wan0"];
/** A kernel interface name: 1-15 characters, no slash, colon or whitespace. */
const IFNAME = /^[^\s/:]{1,15}$/;

/** Check `cabling` against topology `t` and the host's NICs; returns the ports to cable, LAN first. */
export async function resolveCabling(t: Pick<Topology, "name" | "links" | "hosts">, cabling: unknown): Promise<CabledPort[]> {
  if (typeof cabling !== "object" || cabling === null || Array.isArray(cabling)) {
    throw badCabling("cabling", "an object { lan0: NIC, wan0?: NIC }", JSON.stringify(cabling) ?? String(cabling));
  }
  const given = cabling as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(PORTS as readonly string[]).includes(key)) throw badCabling(`cabling.${key}`, "one of the appliance's ports lan0, wan0", `a key "${key}"`);
  }
  if (given.lan0 === undefined) throw badCabling("cabling.lan0", "the host NIC cabled to the appliance's LAN port", "nothing");
  const inUse = await nicsInUse();
  const out: CabledPort[] = [];
  for (const port of PORTS) {
    const nic = given[port];
    if (nic === undefined) continue;
    const field = `cabling.${port}`;
    if (typeof nic !== "string" || !IFNAME.test(nic)) throw badCabling(field, "a host NIC name (1-15 characters, no slash, colon or space)", JSON.stringify(nic));
    if (nic === "lo") throw badCabling(field, "a host NIC cabled to the appliance", `"lo" (the loopback interface)`);
    const twice = out.find((c) => c.state.nic === nic);
    if (twice) throw badCabling(field, `a NIC other than cabling.${twice.port}'s (one NIC cannot be cabled to two ports)`, `"${nic}" again`);
    const end = findCableEnd(t, port);
    if (!end) {
      const cabled = PORTS.filter((p) => findCableEnd(t, p));
      throw badCabling(field, `a port lab ${t.name} cables (it has links to ${cabled.map((p) => `dut:${p}`).join(", ") || "no appliance port"})`, `${port}: no link with endpoint "dut:${port}"`);
    }
    const dut = t.hosts.dut;
    const configured = [...Object.keys(dut?.addresses ?? {}), ...Object.values(dut?.bridges ?? {}).flat()].filter((i) => i === port || i.startsWith(`${port}.`));
    if (configured.length) throw badCabling(field, `a topology that leaves the appliance's ${port} to the appliance`, `lab ${t.name} configuring ${configured.map((i) => `dut:${i}`).join(", ")} (addresses or bridge)`);
    const holder = inUse.get(nic);
    if (holder) throw badCabling(field, "a NIC no other lab holds", `"${nic}", recorded as moved into a lab by ${holder}`);
    const state = await readNicState(nic);
    if (!state) throw badCabling(field, "a NIC in the host namespace", `"${nic}" (no such interface)`);
    out.push(Object.freeze({ port, host: end.host, iface: end.iface, state }));
  }
  return out;
}
