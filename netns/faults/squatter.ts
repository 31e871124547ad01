// Duplicate-address faults: another host in the segment holds the address, so `arping -D` (and IPv6 DAD) see a duplicate.
import { randomBytes } from "node:crypto";
import { faultFailed } from "../services/errors.ts";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { run } from "../util/sh.ts";
import { alreadyGone, removeOnce, type Fault } from "./types.ts";

const CIDR = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/;

/** Add `addressCidr` (e.g. 10.0.0.5/24) to `ifname` in `ns`, a host in the same segment; the kernel answers ARP for it. */
export async function applySquatter(ns: string, ifname: string, addressCidr: string): Promise<Fault> {
  const what = `squat ${addressCidr} on ${ifname} in ${ns}`;
  if (!CIDR.test(addressCidr)) throw faultFailed(what, `expected an address with prefix length like 10.0.0.5/24, got "${addressCidr}"`);
  const nodad = addressCidr.includes(":") ? ["nodad"] : [];
  const added = await run("ip", ["-n", ns, "addr", "add", addressCidr, "dev", ifname, ...nodad], { allowFailure: true });
  if (added.exitCode !== 0) throw faultFailed(what, added.stderr.trim());
  const remove = removeOnce(async () => {
    const del = await run("ip", ["-n", ns, "addr", "del", addressCidr, "dev", ifname], { allowFailure: true });
    if (del.exitCode !== 0 && !alreadyGone(del.stderr)) throw faultFailed(`remove ${what}`, del.stderr.trim());
  });
  const undo = [["ip", "-n", ns, "addr", "del", addressCidr, "dev", ifname]];
  return { describe: `another host holds ${addressCidr} (${ifname} in ${ns})`, undo, remove };
}

/**
 * A squatter host of its own: a new namespace `<prefix>-sq<hex>` cabled by a veth into `bridge` (in `bridgeNs`)
 * and holding `addressCidr`. remove() deletes the namespace (and with it the veth).
 */
export async function applySquatterHost(prefix: string, bridgeNs: string, bridge: string, addressCidr: string): Promise<Fault> {
  const tag = randomBytes(2).toString("hex");
  const ns = `${prefix}-sq${tag}`;
  const port = `${prefix}sq${tag}`;
  const what = `squatter host ${ns} holding ${addressCidr} on bridge ${bridge} in ${bridgeNs}`;
  if (!CIDR.test(addressCidr)) throw faultFailed(what, `expected an address with prefix length like 10.0.0.5/24, got "${addressCidr}"`);
  const steps: string[][] = [
    ["netns", "add", ns],
    ["-n", bridgeNs, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns],
    ["-n", bridgeNs, "link", "set", port, "master", bridge, "up"],
    ["-n", ns, "addr", "add", addressCidr, "dev", "eth0", ...(addressCidr.includes(":") ? ["nodad"] : [])],
    ["-n", ns, "link", "set", "eth0", "up"],
  ];
  const remove = removeOnce(async () => {
    await run("ip", ["-n", bridgeNs, "link", "del", port], { allowFailure: true });
    const del = await run("ip", ["netns", "del", ns], { allowFailure: true });
    if (del.exitCode !== 0 && !alreadyGone(del.stderr)) throw faultFailed(`remove ${what}`, del.stderr.trim());
  });
  for (const step of steps) {
    const result = await run("ip", step, { allowFailure: true });
    if (result.exitCode !== 0) {
      await remove();
      throw faultFailed(what, `ip ${step.join(" ")}: ${result.stderr.trim()}`);
    }
  }
  // The squatter holds the address only once it answers on the segment: its eth0 has carrier and the bridge forwards
  // its port. The kernel reports a new veth's carrier up to a second late (more under load); until then the bridge
  // drops what the port would carry, and a duplicate-address probe sent meanwhile finds nobody.
  let seen = "";
  await pollUntil(async () => {
    const [own, br] = await Promise.all([
      run("ip", ["-n", ns, "-o", "link", "show", "eth0"], { allowFailure: true }),
      run("bridge", ["-n", bridgeNs, "link", "show", "dev", port], { allowFailure: true }),
    ]);
    seen = `eth0: ${/state \S+/.exec(own.stdout)?.[0] ?? (own.stderr.trim() || "?")}; bridge port: ${/state \S+/.exec(br.stdout)?.[0] ?? (br.stderr.trim() || "?")}`;
    return own.stdout.includes("LOWER_UP") && br.stdout.includes("state forwarding") ? true : undefined;
  }, Deadline.in(5_000, `${what}: answering on the segment`)).catch(async () => {
    await remove();
    throw faultFailed(what, `not answering on the segment within 5 s (${seen})`);
  });
  return { describe: what, undo: [["ip", "-n", bridgeNs, "link", "del", port], ["ip", "netns", "del", ns]], remove };
}
