// Checks made before a service starts, so a mistake is reported plainly instead of as a hung start.
import { missingInterface } from "./errors.ts";
import { run } from "../util/sh.ts";

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
