// Host NICs cabled to a hardware appliance: their state is recorded in the run directory before they move into a
// lab namespace, and they go back to the host namespace with their own name, addresses, MTU, alias and link state.
// One module for the lab (Lab.up cabling), the sweeper (teardown.ts) and `hil dut give-back`.
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { RUN_ROOT, isOwnedPrefix } from "../util/owner.ts";
import { parseEthtool, restoreArgs, type EthtoolSettings } from "../faults/partner.ts";
import { run } from "../util/sh.ts";

/** A host NIC could not be moved into a lab namespace, or not given back. */
export class NicMoveError extends Error {
  override readonly name = "NicMoveError";
}

function nicMoveFailed(nic: string, ns: string, detail: string): NicMoveError {
  return new NicMoveError(`Cannot move host NIC ${nic} into namespace ${ns}: ${detail}`);
}

/** What a NIC looks like in the host namespace (what give-back restores). */
export interface NicState {
  /** Its name in the host namespace. */
  readonly nic: string;
  readonly ifindex: number;
  /** Its MAC address (identifies it when it must be found by another name). */
  readonly mac: string;
  readonly mtu: number;
  /** Administratively up. */
  readonly up: boolean;
  readonly alias?: string;
  /** Its addresses with prefix length ("192.0.2.5/24", "fd00::5/64"); IPv6 link-local ones come back by themselves. */
  readonly addresses: readonly string[];
  /** Those of `addresses` that had no prefix route (`noprefixroute`): restored the same way. */
  readonly noPrefixRoute?: readonly string[];
  /** A physical NIC's speed/duplex/autonegotiation (ethtool), restored if a link-partner fault was left on it. */
  readonly link?: EthtoolSettings;
}

/** One host NIC moved into a lab namespace: its host state, where it went, and its name there. */
export interface NicMove extends NicState {
  readonly ns: string;
  readonly inside: string;
}

interface IpLink {
  ifindex: number;
  ifname: string;
  address?: string;
  mtu: number;
  flags: string[];
  ifalias?: string;
  linkinfo?: unknown;
  addr_info?: { family: string; local: string; prefixlen: number; noprefixroute?: boolean }[];
}

/** Where a run records its moved NICs. */
export function nicRecordPath(runDir: string): string {
  return join(runDir, "nics.json");
}

/** The state of host NIC `nic` now (undefined when the host namespace has no such interface). */
export async function readNicState(nic: string, ns?: string): Promise<NicState | undefined> {
  const r = await run("ip", [...(ns ? ["-n", ns] : []), "-j", "-d", "addr", "show", "dev", nic], { allowFailure: true });
  if (r.exitCode !== 0) return undefined;
  const link = (JSON.parse(r.stdout) as IpLink[])[0];
  if (!link) return undefined;
  const kept = (link.addr_info ?? []).filter((a) => a.family === "inet" || (a.family === "inet6" && !/^fe[89ab]/i.test(a.local)));
  const cidr = (a: (typeof kept)[number]) => `${a.local}/${a.prefixlen}`;
  const noPrefixRoute = kept.filter((a) => a.noprefixroute).map(cidr);
  // A physical NIC (no link kind) has ethtool link settings; a virtual one has none to keep.
  const ethtool = link.linkinfo ? undefined : await run(...ethtoolIn(ns, [nic]), { allowFailure: true }).catch(() => undefined);
  const settings = ethtool?.exitCode === 0 ? parseEthtool(ethtool.stdout) : undefined;
  return {
    nic: link.ifname, ifindex: link.ifindex, mac: link.address ?? "", mtu: link.mtu, up: link.flags.includes("UP"),
    ...(link.ifalias ? { alias: link.ifalias } : {}), addresses: kept.map(cidr), ...(noPrefixRoute.length ? { noPrefixRoute } : {}),
    ...(settings ? { link: settings } : {}),
  };
}

/** `ethtool args` in namespace `ns` (the host namespace when absent), as run()'s command and arguments. */
const ethtoolIn = (ns: string | undefined, args: string[]): [string, string[]] => (ns ? ["ip", ["netns", "exec", ns, "ethtool", ...args]] : ["ethtool", args]);

/** The moves recorded in `runDir`. */
export async function readNicRecord(runDir: string): Promise<NicMove[]> {
  return JSON.parse(await readFile(nicRecordPath(runDir), "utf8").catch(() => "[]")) as NicMove[];
}

/** Write the record of `runDir` (removed when empty). */
export async function writeNicRecord(runDir: string, moves: readonly NicMove[]): Promise<void> {
  const file = nicRecordPath(runDir);
  await mkdir(dirname(file), { recursive: true });
  if (moves.length === 0) await rm(file, { force: true });
  else await writeFile(file, `${JSON.stringify(moves, null, 2)}\n`);
}

/** Host NIC name -> the run directory that records it as moved (every run under the run root). */
export async function nicsInUse(root = RUN_ROOT): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    if (!isOwnedPrefix(entry)) continue;
    const dir = join(root, entry);
    for (const m of await readNicRecord(dir).catch(() => [])) out.set(m.nic, dir);
  }
  return out;
}

/** The `ip -batch` line that moves `m` into its namespace under its inside name (ifindex kept when free there). */
export const moveLine = (m: NicMove) => `link set dev ${m.nic} netns ${m.ns} name ${m.inside}`;

/** Move host NIC `nic` into `ns` as `inside` on its own (recorded in `runDir` first); Lab.up batches its moves instead. */
export async function moveNic(runDir: string, nic: string, ns: string, inside: string): Promise<NicMove> {
  const state = await readNicState(nic);
  if (!state) throw nicMoveFailed(nic, ns, "no such interface in the host namespace");
  if (await readNicState(inside, ns)) throw nicMoveFailed(nic, ns, `the namespace already has an interface named ${inside}`);
  const move: NicMove = { ...state, ns, inside };
  await writeNicRecord(runDir, [...(await readNicRecord(runDir)), move]);
  const r = await run("ip", ["link", "set", "dev", nic, "netns", ns, "name", inside], { allowFailure: true });
  if (r.exitCode !== 0) {
    await writeNicRecord(runDir, (await readNicRecord(runDir)).filter((m) => m.nic !== nic));
    throw nicMoveFailed(nic, ns, r.stderr.trim());
  }
  return move;
}

/** True when `got` is the NIC `m` recorded (same MAC when one was recorded). */
const isIt = (m: NicMove, got: NicState | undefined) => got !== undefined && (m.mac === "" || got.mac === m.mac);

/**
 * Give one NIC back to the host namespace under its own name and restore its MTU, addresses, alias and link state.
 * Idempotent. Finds it in its lab namespace, or (a physical NIC whose namespace was deleted first) in the host
 * namespace under its inside name.
 */
export async function giveBack(m: NicMove): Promise<void> {
  if (isIt(m, await readNicState(m.inside, m.ns))) {
    // What the lab put on it goes: VLAN shim filters, rate limits, bridge membership.
    for (const q of [["clsact"], ["root"]]) await run("tc", ["-n", m.ns, "qdisc", "del", "dev", m.inside, ...q], { allowFailure: true });
    await run("ip", ["-n", m.ns, "link", "set", "dev", m.inside, "nomaster"], { allowFailure: true });
    await run("ip", ["-n", m.ns, "link", "set", "dev", m.inside, "down"], { allowFailure: true });
    const r = await run("ip", ["-n", m.ns, "link", "set", "dev", m.inside, "netns", String(process.pid), "name", m.nic], { allowFailure: true });
    if (r.exitCode !== 0) throw new NicMoveError(`Cannot give host NIC ${m.nic} back from ${m.ns} (${m.inside} there): ${r.stderr.trim()}`);
  } else if (m.inside !== m.nic && !(await readNicState(m.nic)) && isIt(m, await readNicState(m.inside))) {
    await run("ip", ["link", "set", "dev", m.inside, "down"], { allowFailure: true });
    await run("ip", ["link", "set", "dev", m.inside, "name", m.nic]);
  }
  const now = await readNicState(m.nic);
  if (!isIt(m, now)) throw new NicMoveError(`Cannot give host NIC ${m.nic} back: not found in ${m.ns} as ${m.inside}, nor in the host namespace`);
  await restore(m, now!);
}

/** Bring host NIC `m.nic` back to its recorded state. */
async function restore(m: NicMove, now: NicState): Promise<void> {
  const ip = (...args: string[]) => run("ip", args);
  if (now.mtu !== m.mtu) await ip("link", "set", "dev", m.nic, "mtu", String(m.mtu));
  if ((now.alias ?? "") !== (m.alias ?? "")) await ip("link", "set", "dev", m.nic, "alias", m.alias ?? "");
  for (const a of m.addresses) {
    if (!now.addresses.includes(a)) await ip("address", "replace", a, "dev", m.nic, ...(m.noPrefixRoute?.includes(a) ? ["noprefixroute"] : []));
  }
  if (m.link && now.link && !sameLink(m.link, now.link)) await run("ethtool", restoreArgs(m.nic, m.link));
  if (now.up !== m.up) await ip("link", "set", "dev", m.nic, m.up ? "up" : "down");
}

/** Same link settings as far as ethtool can tell (speed and duplex count only when forced). */
function sameLink(a: EthtoolSettings, b: EthtoolSettings): boolean {
  return a.autoneg === b.autoneg && (a.autoneg || (a.speed === b.speed && a.duplex === b.duplex));
}

/** True when no interface with `m`'s MAC exists in its lab namespace nor in the host namespace: the NIC is no longer
 *  on this host (a USB NIC unplugged, a twin-as-hardware box stopped with its veth ends). A NIC without a recorded
 *  MAC cannot be told gone. */
export async function vanished(m: NicMove): Promise<boolean> {
  if (!m.mac) return false;
  const macs = async (ns?: string) => {
    const r = await run("ip", [...(ns ? ["-n", ns] : []), "-j", "link", "show"], { allowFailure: true });
    if (r.exitCode !== 0) return [];
    return (JSON.parse(r.stdout || "[]") as IpLink[]).map((l) => (l.address ?? "").toLowerCase());
  };
  const seen = [...(await macs(m.ns)), ...(await macs())];
  return !seen.includes(m.mac.toLowerCase());
}

/** What giving back a run's NICs did. */
export interface GivenBack {
  readonly returned: NicMove[];
  /** Recorded NICs that exist nowhere on this host any more: their records are dropped, and said. */
  readonly vanished: NicMove[];
}

/** Give back every NIC recorded in `runDir` (the sweeper's entry point). A NIC found under another name stays
 *  recorded (an error says which); one that is gone from the host is dropped from the record. */
export async function giveBackAll(runDir: string): Promise<GivenBack> {
  const moves = await readNicRecord(runDir);
  const left: NicMove[] = [];
  const gone: NicMove[] = [];
  const errors: Error[] = [];
  for (const m of [...moves].reverse()) {
    try {
      await giveBack(m);
    } catch (error) {
      if (await vanished(m)) {
        gone.unshift(m);
        continue;
      }
      left.unshift(m);
      errors.push(error as Error);
    }
  }
  await writeNicRecord(runDir, left);
  if (errors.length) throw new AggregateError(errors, `Host NICs not given back (still recorded in ${nicRecordPath(runDir)}): ${errors.map((e) => e.message).join("; ")}`);
  return { returned: moves.filter((m) => !left.includes(m) && !gone.includes(m)), vanished: gone };
}

/** How a vanished NIC is said (sweeper, lab teardown, `hil dut release`). */
export function vanishedNote(m: NicMove): string {
  return `host NIC ${m.nic} (MAC ${m.mac}) is no longer on this host: its record was dropped`;
}
