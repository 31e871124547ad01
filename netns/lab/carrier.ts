// Links are ready when their carrier is: veth carrier comes up asynchronously after both ends are set up.
import { pollUntil, type Deadline } from "../util/deadline.ts";
import { run } from "../util/sh.ts";
import type { HostPlan } from "./plan.ts";

/** Wait until every link interface and bridge of every host is operstate UP (one `sh` per poll for all hosts). */
export async function waitUp(hosts: readonly HostPlan[], deadline: Deadline, seen?: Map<string, { ifname: string; operstate: string }[]>): Promise<void> {
  const isUp = (h: HostPlan, links: { ifname: string; operstate: string }[] | undefined) => h.up.every((n) => links?.find((l) => l.ifname === n)?.operstate === "UP");
  // Hosts already seen with every link up (by the build script) need no poll.
  const pending = hosts.filter((h) => h.up.length && !isUp(h, seen?.get(h.host)));
  if (pending.length === 0) return;
  const script = 'for ns in "$@"; do ip -n "$ns" -j link show || echo "[]"; done';
  let last = "";
  await pollUntil(
    async () => {
      const { stdout } = await run("sh", ["-c", script, "sh", ...pending.map((h) => h.ns)]);
      const lists = stdout.split("\n").filter(Boolean).map((line) => JSON.parse(line) as { ifname: string; operstate: string }[]);
      const down = pending.flatMap((h, i) => h.up.filter((n) => lists[i]?.find((l) => l.ifname === n)?.operstate !== "UP").map((n) => `${h.host}:${n}`));
      last = down.join(", ");
      return down.length === 0 ? true : undefined;
    },
    deadline,
    { what: "every lab interface up", describeLast: () => `not up yet: ${last}` },
  );
}
