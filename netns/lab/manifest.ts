// The run directory's manifest: what a lab created and who owns it, so a sweeper can undo it exactly.
import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { RUN_ROOT, isOwnedPrefix, runDir } from "../util/owner.ts";
import type { ProcIdentity } from "./proc.ts";

export const MANIFEST_FILE = "manifest.json";

/** A process the lab started (or was given) and must stop; killed only while its identity still matches. */
export interface TrackedProcess extends ProcIdentity {
  label: string;
  /** Pid file naming the process (the sweeper re-reads it). */
  pidFile: string;
  /** The pid leads its own process group: signal the whole group. */
  group: boolean;
}

/** A tc-BPF VLAN shim on a trunk: its filters and the veth pair to remove. */
export interface ShimRecord {
  ns: string;
  trunk: string;
  vlanIf: string;
  injectIf: string;
}

export interface Manifest {
  version: 1;
  prefix: string;
  /** The lab's name (for `hil lab exec NAME ...`). */
  name: string;
  topology: string;
  createdAt: string;
  owner: ProcIdentity;
  /** A detached lab outlives its owner; only an explicit `down`/`sweep NAME` removes it. */
  detached: boolean;
  state: "building" | "up" | "tearing-down";
  /** host -> namespace name (`<prefix>-<host>`). */
  hosts: Record<string, string>;
  /** Every namespace the lab may have created (written before they are created). */
  namespaces: string[];
  processes: TrackedProcess[];
  shims: ShimRecord[];
  /** Symlinks the run made outside its run directory (a twin box's stable tty link): removed while still symlinks. */
  links?: string[];
  /** The docker backend's daemon (written before any container exists): the sweeper removes the run's containers there. */
  docker?: { socket: string };
}

/** Write `m` atomically into its run directory (created if missing). */
export async function writeManifest(m: Manifest): Promise<void> {
  const dir = runDir(m.prefix);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const tmp = join(dir, `.${MANIFEST_FILE}.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify(m, null, 2)}\n`);
  await rename(tmp, join(dir, MANIFEST_FILE));
}

/** The manifest of run `prefix`, or undefined when it has none (not a lab run, or not yet written). */
export async function readManifest(prefix: string): Promise<Manifest | undefined> {
  const text = await readFile(join(runDir(prefix), MANIFEST_FILE), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const m = JSON.parse(text) as Manifest;
    return m.version === 1 && m.prefix === prefix ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Manifests of every lab run under the run root (directories without a lab manifest are not ours to judge). */
export async function listManifests(): Promise<Manifest[]> {
  const entries = await readdir(RUN_ROOT).catch(() => [] as string[]);
  const found = await Promise.all(entries.filter((e) => isOwnedPrefix(e) && !e.includes("-")).map(readManifest));
  return found.filter((m): m is Manifest => m !== undefined);
}
