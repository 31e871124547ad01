// Bandwidth faults: a tc token-bucket filter (tbf) on an interface's egress (netem is not in this kernel).
import { faultFailed } from "../services/errors.ts";
import { run } from "../util/sh.ts";
import { alreadyGone, removeOnce, type Fault } from "./types.ts";

export interface RateLimit {
  /** Rate in kbit/s (the manual's recommended minimum is 1.5 Mbps, i.e. 1500). */
  rateKbit: number;
  /** Bucket size in bytes; default 10 ms of traffic, at least 3200. */
  burstBytes?: number;
  /** Longest a packet may queue, in ms; default 100. */
  latencyMs?: number;
}

/** Limit what leaves `ifname` in `ns` to `rateKbit`; fails if the interface already has a root qdisc of someone else's. */
export async function applyRateLimit(ns: string, ifname: string, limit: RateLimit): Promise<Fault> {
  const what = `rate limit ${ifname} in ${ns} to ${limit.rateKbit} kbit/s`;
  if (!Number.isInteger(limit.rateKbit) || limit.rateKbit < 8) throw faultFailed(what, `expected rateKbit to be an integer >= 8, got ${limit.rateKbit}`);
  const burst = limit.burstBytes ?? Math.max(3200, Math.ceil((limit.rateKbit * 1000) / 8 / 100));
  const latency = limit.latencyMs ?? 100;
  const args = ["-n", ns, "qdisc", "add", "dev", ifname, "root", "tbf", "rate", `${limit.rateKbit}kbit`, "burst", String(burst), "latency", `${latency}ms`];
  const added = await run("tc", args, { allowFailure: true });
  if (added.exitCode !== 0) throw faultFailed(what, `tc refused: ${added.stderr.trim()}`);
  const remove = removeOnce(async () => {
    const del = await run("tc", ["-n", ns, "qdisc", "del", "dev", ifname, "root"], { allowFailure: true });
    if (del.exitCode !== 0 && !alreadyGone(del.stderr) && !/Invalid handle|no qdisc/i.test(del.stderr)) throw faultFailed(`remove ${what}`, del.stderr.trim());
  });
  const undo = [["tc", "-n", ns, "qdisc", "del", "dev", ifname, "root"]];
  return { describe: `${what} (tc tbf, burst ${burst} bytes, latency ${latency} ms, egress only)`, undo, remove };
}
