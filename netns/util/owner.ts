// Ownership: every namespace, process and file a run creates carries the run's prefix.
import { randomBytes } from "node:crypto";
import { join } from "node:path";

/** Root of all run directories; each run owns `${RUN_ROOT}/${prefix}`. */
export const RUN_ROOT = process.env.HIL_RUN_ROOT ?? "/run/hil";

/** Every prefix starts with this; the sweeper touches nothing else. */
export const OWNER_TAG = "hil";

/** A fresh ownership prefix: `hil` + 5 hex digits (short: namespace names are used in interface-free contexts only). */
/** The `hil certify` run this process works for (its vitest and workers inherit it through HIL_SESSION): recorded in
 *  the manifest of every run made here, so that an interrupted certification removes what its dead workers left
 *  without having to catch them alive. */
export const SESSION = process.env.HIL_SESSION || undefined;

export function newPrefix(): string {
  return `${OWNER_TAG}${randomBytes(3).toString("hex").slice(0, 5)}`;
}

export function isOwnedPrefix(name: string): boolean {
  return /^hil[0-9a-f]{5}(-|$)/.test(name);
}

export function runDir(prefix: string): string {
  return join(RUN_ROOT, prefix);
}
