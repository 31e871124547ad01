// VLAN sub-interfaces with one API: kernel 802.1Q where the kernel has it, else the tc-BPF shim (shim.c).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../util/sh.ts";

export type VlanImpl = "kernel" | "bpf";

/** The compiled shim object (built by netns/vlan/build.sh). */
export const SHIM_OBJECT = join(dirname(fileURLToPath(import.meta.url)), "shim.o");
/** ifindex of a VLAN end: VLAN_END_BASE + trunk ifindex * 4096 + vid (must match shim.c). */
export const VLAN_END_BASE = 0x1000000;
/** ifindex of an inject end: INJECT_END_BASE + trunk ifindex * 4096 + vid (must match shim.c). */
export const INJECT_END_BASE = 0x100000;
const FILTER = "pref 49152 handle 1 bpf da obj";

/** One VLAN sub-interface to create: `${trunk}.${vid}` on trunk `trunk` (whose ifindex is `trunkIndex`). */
export interface VlanPlan {
  trunk: string;
  trunkIndex: number;
  vid: number;
  impl: VlanImpl;
}

/** Name of the VLAN interface of `trunk` for `vid`. */
export const vlanIfName = (trunk: string, vid: number) => `${trunk}.${vid}`;
/** Name of the shim's hidden inject end. */
export const injectIfName = (trunkIndex: number, vid: number) => `q${trunkIndex}.${vid}`;

let probed: Promise<VlanImpl> | undefined;

/**
 * Which implementation this machine uses, probed once per process in a throwaway network namespace
 * (`unshare --net`: nothing named, nothing left). HIL_VLAN_IMPL=kernel|bpf forces one.
 */
export function vlanImpl(): Promise<VlanImpl> {
  const forced = process.env.HIL_VLAN_IMPL;
  if (forced === "kernel" || forced === "bpf") return Promise.resolve(forced);
  return (probed ??= kernelVlanWorks().then((ok) => (ok ? "kernel" : "bpf")));
}

/** True when `ip link add ... type vlan` works on this kernel (8021q present). */
export async function kernelVlanWorks(): Promise<boolean> {
  const script = "ip link add hilp0 type dummy && ip link add link hilp0 name hilp0.1 type vlan id 1";
  const result = await run("unshare", ["--net", "sh", "-c", script], { allowFailure: true });
  return result.exitCode === 0;
}

/** `ip -batch` lines (run in the trunk's namespace) that create and raise the VLAN interface. */
export function vlanIpLines(p: VlanPlan): string[] {
  const name = vlanIfName(p.trunk, p.vid);
  if (p.impl === "kernel") return [`link add link ${p.trunk} name ${name} type vlan id ${p.vid}`, `link set ${name} up`];
  const inject = injectIfName(p.trunkIndex, p.vid);
  const base = p.trunkIndex * 4096 + p.vid;
  return [
    `link add name ${name} index ${VLAN_END_BASE + base} type veth peer name ${inject} index ${INJECT_END_BASE + base}`,
    // The inject end sends nothing of its own (no link-local address, no MLD/DAD) into the VLAN interface.
    `link set ${inject} addrgenmode none`,
    `link set ${inject} up`,
    `link set ${name} up`,
  ];
}

/** `tc -batch` lines for the shim (none for the kernel path); `trunkFilter` once per trunk. */
export function vlanTcLines(p: VlanPlan, trunkFilter: boolean): string[] {
  if (p.impl === "kernel") return [];
  const name = vlanIfName(p.trunk, p.vid);
  const lines = [`qdisc add dev ${name} clsact`, `filter add dev ${name} egress ${FILTER} ${SHIM_OBJECT} sec tc/vlan_egress`];
  if (trunkFilter) {
    lines.unshift(`qdisc replace dev ${p.trunk} clsact`, `filter replace dev ${p.trunk} ingress ${FILTER} ${SHIM_OBJECT} sec tc/trunk_ingress`);
  }
  return lines;
}

/** Why the shim at `object` is needed but missing. */
const notBuilt = (object: string) => `The VLAN shim ${object} is not built: run \`bash netns/vlan/build.sh\` (or \`npm run setup\`)`;

/** Fail with a clear message when the shim is needed but not built. */
export function assertShimBuilt(): void {
  if (!existsSync(SHIM_OBJECT)) throw new Error(notBuilt(SHIM_OBJECT));
}

/** Why VLAN interfaces cannot be made on this machine (null: they can): the kernel has no 8021q and the shim at
 *  `object` is not built. Probes the kernel only when the shim is missing. */
export async function vlansUnavailable(object = SHIM_OBJECT): Promise<string | null> {
  if (existsSync(object)) return null;
  return (await vlanImpl()) === "kernel" ? null : notBuilt(object);
}

/** The ifindex of `iface` in namespace `ns`. */
export async function ifIndex(ns: string, iface: string): Promise<number> {
  const { stdout } = await run("ip", ["-n", ns, "-o", "link", "show", "dev", iface]);
  const index = Number(stdout.split(":")[0]);
  if (!Number.isInteger(index) || index <= 0) throw new Error(`Could not read the ifindex of ${iface} in ${ns}: ${stdout}`);
  return index;
}

/** What the caller already knows about the trunk (saves a query and a filter reload). */
export interface TrunkKnown {
  /** The trunk's ifindex (else it is read with `ip link show`). */
  trunkIndex?: number;
  /** The trunk already has the shim's ingress filter (else it is (re)installed). */
  trunkFiltered?: boolean;
}

/**
 * Create VLAN `vid` on `trunk` in namespace `ns` now, in one process (ip batch, then tc batch for the shim);
 * returns the plan it applied.
 */
export async function addVlan(ns: string, trunk: string, vid: number, impl?: VlanImpl, known: TrunkKnown = {}): Promise<VlanPlan> {
  if (!Number.isInteger(vid) || vid < 0 || vid > 4094) throw new RangeError(`Expected a VLAN id 0-4094, got ${vid}`);
  const plan: VlanPlan = { trunk, vid, trunkIndex: known.trunkIndex ?? (await ifIndex(ns, trunk)), impl: impl ?? (await vlanImpl()) };
  if (plan.impl === "bpf") assertShimBuilt();
  const tc = vlanTcLines(plan, !known.trunkFiltered);
  const script = [`ip -n ${ns} -batch - <<'HIL_EOF'${tc.length ? " &&" : ""}`, ...vlanIpLines(plan), "HIL_EOF"];
  if (tc.length) script.push(`tc -n ${ns} -batch - <<'HIL_EOF'`, ...tc, "HIL_EOF");
  await run("sh", ["-c", `${script.join("\n")}\n`]);
  return plan;
}

/** Remove VLAN interface `vid` of `trunk` (the shim's pair goes with it); an absent interface is fine. */
export async function removeVlan(ns: string, trunk: string, vid: number): Promise<void> {
  await run("ip", ["-n", ns, "link", "del", vlanIfName(trunk, vid)], { allowFailure: true });
}
