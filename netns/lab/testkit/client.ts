// The DUT side of preset tests: take a DHCP lease and apply it to an interface, the way firmware would.
import { udhcpcLease, type LeaseEnv } from "../../services/testclients.ts";
import type { Lab } from "../lab.ts";

const prefixLength = (mask: string) => mask.split(".").reduce((n, octet) => n + Number(octet).toString(2).split("1").length - 1, 0);

/** A DHCPv4 lease for `iface` of `host` (udhcpc with its own hook script writing into the run dir), or undefined. */
export function lease(lab: Lab, host: string, iface: string): Promise<LeaseEnv | undefined> {
  return udhcpcLease(lab.ns(host), iface, lab.path("clients", host));
}

/** Put the lease's address on `iface` and, when it has one and `route` is true, its router as the default route. */
export async function applyLease(lab: Lab, host: string, iface: string, l: LeaseEnv, route = true): Promise<void> {
  await lab.exec(host, "ip", ["addr", "add", `${l.ip}/${prefixLength(l.subnet ?? "255.255.255.0")}`, "dev", iface]);
  if (route && l.router) await lab.exec(host, "ip", ["route", "add", "default", "via", l.router.split(" ")[0]!]);
}
