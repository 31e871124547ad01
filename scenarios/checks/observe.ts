// The appliance seen only from outside, as a lab sees real hardware: on the lab end of its cables (what the switch
// learned, the ARP/ND neighbours of the host there, captures) and in the lab's DHCP server's leases. Nothing here
// runs in, or reads from, the appliance's own namespace (scenarios/outside.test.ts guards this).
import { join } from "node:path";
import { Capture, where, type Query } from "../../harness/capture/index.ts";
import { DeviationError } from "../../harness/ui/index.ts";
import type { CableEnd } from "../../netns/lab/cable-end.ts";
import type { RunningDnsmasq } from "../../netns/services/dnsmasq.ts";
import { Deadline, DeadlineError, pollUntil } from "../../netns/util/deadline.ts";
import { run, runIn } from "../../netns/util/sh.ts";
import type { Session } from "../rig.ts";

/** An appliance interface as the manual names it. */
export type DutIface = "LAN" | "WAN";
/** The appliance's port behind each interface (the `dut:<port>` endpoint of the lab's links). */
const PORT = { LAN: "lan0", WAN: "wan0" } as const;

/** The lab end of the cable to the appliance's `iface` port. */
export function cableOf(s: Session, iface: DutIface): CableEnd {
  if (!s.lab) throw new Error(`observe: the appliance's ${iface} is seen on the lab end of its cable, but this scenario has no lab (spec.lab)`);
  return s.lab.cableEnd(PORT[iface]);
}

/** A capture on the lab end of the appliance's `iface` cable, kept in the session's evidence directory. */
export function captureAt(s: Session, iface: DutIface): Promise<Capture> {
  const end = cableOf(s, iface);
  const file = join(s.evidence, `${iface.toLowerCase()}-cable-${end.host}-${end.iface}-${Date.now()}.pcap`);
  return Capture.start({ ns: end.ns, iface: end.iface, file, deadline: Deadline.in(10_000, `capture on ${end.host}:${end.iface} (the lab end of the appliance's ${iface} cable)`) });
}

/** One address of the appliance as the lab saw it, and where. */
export interface Sighting {
  readonly address: string;
  readonly mac: string;
  /** "neighbour <dev> <STATE>" or "lease <host>". */
  readonly source: string;
}

/** What one look found: the appliance's MACs behind the cable, its addresses, and a line per place looked at. */
export interface Look {
  readonly macs: readonly string[];
  readonly seen: readonly Sighting[];
  readonly looked: readonly string[];
}

interface Neigh {
  dst: string;
  dev: string;
  lladdr?: string;
  state?: string[];
}

const json = async <T>(cmd: string, args: string[]): Promise<T | null> => {
  const r = await run(cmd, args, { allowFailure: true });
  return r.exitCode === 0 && r.stdout.trim() ? (JSON.parse(r.stdout) as T) : null;
};
const STATE_ORDER = ["REACHABLE", "DELAY", "PROBE", "STALE", "PERMANENT"];
const rank = (n: Neigh) => {
  const i = STATE_ORDER.findIndex((st) => n.state?.includes(st));
  return i < 0 ? STATE_ORDER.length : i;
};

/**
 * Look once at what the lab sees of the appliance behind its `iface` cable: the MACs it sends from (learned by the
 * bridge port, or, on a point-to-point cable, every neighbour there), the neighbours with those MACs on the cable
 * end's L3 device (the bridge, or the interface itself, and their VLAN devices `<dev>.<vid>`), and the DHCP leases
 * the lab's dnsmasq gave those MACs. Neighbours come first (REACHABLE first), then leases.
 */
export async function lookAt(s: Session, iface: DutIface, family: 4 | 6): Promise<Look> {
  const end = cableOf(s, iface);
  const looked: string[] = [];
  const [link] = (await json<{ master?: string; linkinfo?: { info_slave_kind?: string } }[]>("ip", ["-n", end.ns, "-j", "-d", "link", "show", "dev", end.iface])) ?? [];
  if (!link) throw new Error(`observe: no interface ${end.iface} in ${end.host} (${end.ns}), the lab end of the appliance's ${iface} cable`);
  const bridge = link.linkinfo?.info_slave_kind === "bridge" ? link.master : undefined;
  const l3 = bridge ?? end.iface;
  const onL3 = (dev: string) => dev === l3 || dev.startsWith(`${l3}.`);
  const neighbours = ((await json<Neigh[]>("ip", ["-n", end.ns, "-j", `-${family}`, "neigh", "show"])) ?? []).filter(
    (n) => onL3(n.dev) && n.lladdr && !n.state?.some((st) => st === "FAILED" || st === "INCOMPLETE"),
  );
  let macs: string[];
  if (bridge) {
    const fdb = (await json<{ mac: string; state?: string; flags?: string[] }[]>("bridge", ["-n", end.ns, "-j", "fdb", "show", "br", bridge, "brport", end.iface])) ?? [];
    macs = fdb.filter((e) => e.state !== "permanent" && !e.flags?.includes("self")).map((e) => e.mac.toLowerCase());
    looked.push(`MACs learned by ${bridge} on port ${end.iface} of ${end.host}: ${macs.join(", ") || "none"}`);
  } else {
    macs = [...new Set(neighbours.map((n) => n.lladdr!.toLowerCase()))];
    looked.push(`neighbours of ${end.host} on its point-to-point cable end ${end.iface}: ${macs.join(", ") || "none"}`);
  }
  const global = (a: string) => family === 4 || !/^fe[89ab]/i.test(a);
  const mine = neighbours.filter((n) => macs.includes(n.lladdr!.toLowerCase()) && global(n.dst));
  const seen: Sighting[] = mine.map((n) => ({ address: n.dst, mac: n.lladdr!.toLowerCase(), source: `neighbour ${n.dev} ${n.state?.join(",") ?? ""}` }));
  looked.push(`IPv${family} neighbours of ${end.host} on ${l3}${bridge ? "" : ` (and ${l3}.<vid>)`} with those MACs: ${seen.map((x) => `${x.address} (${x.source})`).join(", ") || "none"}`);
  const now = Date.now() / 1000;
  const leased: string[] = [];
  for (const host of s.lab!.hosts) {
    let dnsmasq: RunningDnsmasq;
    try {
      dnsmasq = s.lab!.service(host, "dnsmasq").handle as RunningDnsmasq;
    } catch {
      continue; // no DHCP server on this host
    }
    const leases = (await dnsmasq.leases()).filter((l) => l.family === family && macs.includes(l.mac.toLowerCase()) && (l.expires === 0 || l.expires > now));
    looked.push(`IPv${family} leases of ${host}'s dnsmasq (${dnsmasq.leaseFile}) for those MACs: ${leases.map((l) => l.address).join(", ") || "none"}`);
    for (const l of leases) if (!seen.some((x) => x.address === l.address)) seen.push({ address: l.address, mac: l.mac.toLowerCase(), source: `lease ${host}` });
    leased.push(...leases.map((l) => l.address));
  }
  // Among neighbours in the same state, one the lab's DHCP server leased comes first: an address the appliance held
  // before a change of configuration (a static one) may still be a reachable neighbour for a while.
  const ranks = new Map(mine.map((n) => [n.dst, rank(n)]));
  const order = (x: Sighting) => ranks.get(x.address) ?? STATE_ORDER.length + 1;
  seen.sort((a, b) => order(a) - order(b) || Number(leased.includes(b.address)) - Number(leased.includes(a.address)));
  return { macs, seen, looked };
}

/** What a failed look at the appliance says: where the lab looked and what it found there. */
function notSeen(s: Session, iface: DutIface, family: 4 | 6, last: Look | undefined, error: unknown): DeviationError {
  const where = last?.looked.join("; ") ?? (error instanceof Error ? error.message : String(error));
  return new DeviationError(s.ui.name, `the appliance's ${iface} IPv${family} address as the lab sees it`, `an IPv${family} address of the appliance on its ${iface} cable`, `none (${where})`, { cause: error });
}

/** Options of dutAddresses. */
export interface SeenOptions {
  /** How long to wait for a sighting (default 15 s). */
  readonly ms?: number;
  /**
   * Addresses to ask about when the cable is silent (a split LAN carries none of the appliance's own traffic): the
   * cable-end host pings each, so an appliance that holds one answers ARP/ND from its MAC and shows as a neighbour.
   */
  readonly probe?: readonly string[];
}

/**
 * The appliance's IPv`family` addresses on its `iface`, as the lab sees them from the lab end of the cable (best
 * first); polls until at least one is seen (pinging the `probe` addresses from the cable end while nothing is), else a
 * deviation that lists every place looked at and what was there.
 */
export async function dutAddresses(s: Session, iface: DutIface, family: 4 | 6, options: SeenOptions = {}): Promise<string[]> {
  let last: Look | undefined;
  const end = cableOf(s, iface);
  try {
    return await pollUntil(async () => {
      last = await lookAt(s, iface, family);
      if (last.seen.length) return last.seen.map((x) => x.address);
      for (const address of options.probe ?? []) {
        await runIn(end.ns, "ping", [`-${family}`, "-c", "1", "-W", "1", address], { allowFailure: true });
      }
      return undefined;
    }, Deadline.in(options.ms ?? 15_000, `the appliance's ${iface} IPv${family} address seen from the lab`), {
      describeLast: () => `${last?.looked.join("; ") ?? "nothing yet"}${options.probe?.length ? `; pinged ${options.probe.join(", ")} from ${end.host}` : ""}`,
    });
  } catch (error) {
    if (error instanceof DeadlineError) throw notSeen(s, iface, family, last, error);
    throw error;
  }
}

/** The appliance's (best) IPv`family` address on `iface` as the lab sees it (see dutAddresses). */
export async function dutAddress(s: Session, iface: DutIface, family: 4 | 6, options: SeenOptions = {}): Promise<string> {
  return (await dutAddresses(s, iface, family, options))[0]!;
}

/** IP packets from any of `addresses` (the appliance's addresses on one cable: an address it held a moment ago may
 *  still be a neighbour of the lab there, beside the one it holds now). */
export function ipFromAny(addresses: readonly string[]): Query {
  return where(`from ${addresses.join(" or ")}`, (f) => f.ip?.src !== undefined && addresses.includes(f.ip.src));
}
