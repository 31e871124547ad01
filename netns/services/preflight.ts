// Checks made before a service starts, so a mistake is reported plainly instead of as a hung start.
import { missingInterface } from "./errors.ts";
import { run } from "../util/sh.ts";
import { pollUntil, type Deadline } from "../util/deadline.ts";

/** Names of the interfaces in namespace `ns`. */
export async function interfacesIn(ns: string): Promise<string[]> {
  const { stdout } = await run("ip", ["-n", ns, "-j", "link", "show"]);
  return (JSON.parse(stdout || "[]") as { ifname: string }[]).map((link) => link.ifname);
}

/** Throw a clear error when any of `names` is missing from namespace `ns`. */
export async function requireInterfaces(kind: string, ns: string, names: readonly string[]): Promise<void> {
  const present = await interfacesIn(ns);
  for (const name of names) if (!present.includes(name)) throw missingInterface(kind, ns, name, present);
}

/** Wait until `ifname` in `ns` has a link-local IPv6 address that finished DAD (radvd cannot advertise before). */
export async function waitLinkLocal(ns: string, ifname: string, deadline: Deadline): Promise<void> {
  let last = "no address";
  await pollUntil(
    async () => {
      const { stdout } = await run("ip", ["-n", ns, "-j", "-6", "addr", "show", "dev", ifname, "scope", "link"]);
      const infos = (JSON.parse(stdout || "[]") as { addr_info?: { local?: string; tentative?: boolean }[] }[]).flatMap((l) => l.addr_info ?? []);
      last = JSON.stringify(infos.filter((a) => a.local));
      return infos.some((a) => a.local && !a.tentative) ? true : undefined;
    },
    deadline,
    { what: `a usable link-local address on ${ifname} in ${ns}`, describeLast: () => last },
  );
}
