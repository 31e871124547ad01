// Link faults: take one end of a veth administratively down, so its peer loses carrier.
import { faultFailed } from "../services/errors.ts";
import { run } from "../util/sh.ts";
import { alreadyGone, removeOnce, type Fault } from "./types.ts";

/** Set `ifname` in `ns` down (`ip link set down`): the veth peer then shows carrier 0. remove() sets it up again. */
export async function applyLinkDown(ns: string, ifname: string): Promise<Fault> {
  const what = `link ${ifname} in ${ns} down`;
  const down = await run("ip", ["-n", ns, "link", "set", ifname, "down"], { allowFailure: true });
  if (down.exitCode !== 0) throw faultFailed(what, down.stderr.trim());
  const remove = removeOnce(async () => {
    const up = await run("ip", ["-n", ns, "link", "set", ifname, "up"], { allowFailure: true });
    if (up.exitCode !== 0 && !alreadyGone(up.stderr)) throw faultFailed(`restore ${what}`, up.stderr.trim());
  });
  return { describe: `${what} (its peer sees no carrier)`, undo: [["ip", "-n", ns, "link", "set", ifname, "up"]], remove };
}

/** The carrier of `ifname` as seen inside `ns`: true (1), false (0), or undefined when the link is down itself. */
export async function carrierOf(ns: string, ifname: string): Promise<boolean | undefined> {
  const read = await run("ip", ["netns", "exec", ns, "cat", `/sys/class/net/${ifname}/carrier`], { allowFailure: true });
  return read.exitCode === 0 ? read.stdout.trim() === "1" : undefined;
}
