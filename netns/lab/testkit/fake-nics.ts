// Stand-ins for host NICs cabled to an appliance: veth ends in the host namespace named with this run's prefix,
// their peers (`eth0`, `eth1`) in a namespace of the test's own that stands for the appliance.
import { run } from "../../util/sh.ts";

export interface FakeAppliance {
  /** The appliance's namespace (`<prefix>-app`). */
  readonly ns: string;
  /** Host NIC names per appliance port. */
  readonly lan: string;
  readonly wan: string;
  /** Remove what this made (the namespace, and the NICs if they are in the host namespace). */
  remove(): Promise<void>;
}

/** Make `<prefix>-app` with eth0 (LAN) and eth1 (WAN), cabled to host NICs `<prefix>nl` / `<prefix>nw` (both up). */
export async function fakeAppliance(prefix: string): Promise<FakeAppliance> {
  const ns = `${prefix}-app`;
  const lan = `${prefix}nl`;
  const wan = `${prefix}nw`;
  await run("ip", ["netns", "add", ns]);
  await run("ip", ["link", "add", "name", lan, "type", "veth", "peer", "name", "eth0", "netns", ns]);
  await run("ip", ["link", "add", "name", wan, "type", "veth", "peer", "name", "eth1", "netns", ns]);
  await run("ip", ["-n", ns, "-batch", "-"], { input: "link set lo up\nlink set eth0 up\nlink set eth1 up\n" });
  return {
    ns, lan, wan,
    async remove() {
      await run("ip", ["netns", "del", ns], { allowFailure: true });
      for (const nic of [lan, wan]) await run("ip", ["link", "del", "dev", nic], { allowFailure: true });
    },
  };
}
