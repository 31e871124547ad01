// What a run left behind: its namespaces, run directory and recorded processes (for "leaves nothing" tests).
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { RUN_ROOT, runDir } from "../../util/owner.ts";
import { run } from "../../util/sh.ts";
import { identify } from "../proc.ts";

export interface Leftovers {
  namespaces: string[];
  runDir: boolean;
  pids: number[];
}

/** Namespaces named `<prefix>-*`, whether `/run/hil/<prefix>` (or its staging directory) exists, which of `pids` still run. */
export async function leftovers(prefix: string, pids: readonly number[] = []): Promise<Leftovers> {
  const names = (await readdir("/run/netns").catch(() => [] as string[])).filter((n) => n.startsWith(`${prefix}-`));
  const alive = (await Promise.all(pids.map(async (pid) => ((await identify(pid)) ? pid : 0)))).filter((p) => p > 0);
  const staging = (await readdir(RUN_ROOT).catch(() => [] as string[])).some((e) => e.startsWith(`.${prefix}.`));
  return { namespaces: names, runDir: existsSync(runDir(prefix)) || staging, pids: alive };
}

/** Interface names in the host namespace (nothing a lab does may change them). */
export async function hostInterfaces(): Promise<string[]> {
  const { stdout } = await run("ip", ["-o", "link", "show"]);
  return stdout.split("\n").map((l) => l.split(":")[1]?.trim().split("@")[0] ?? "").filter(Boolean).sort();
}

/** The kernel's IPv4 and IPv6 routes of the host namespace. */
export async function hostRoutes(): Promise<string> {
  const v4 = await run("ip", ["route", "show", "table", "all"]);
  const v6 = await run("ip", ["-6", "route", "show", "table", "all"]);
  return `${v4.stdout}\n${v6.stdout}`;
}

export const NOTHING: Leftovers = { namespaces: [], runDir: false, pids: [] };
