// The run directory's manifest: what a lab created and who owns it, so a sweeper can undo it exactly.
import { mkdir, readFile, readdir, rename, stat, writeFile } from "node:fs/promises";
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
  /** The certification run whose worker made it (owner.ts SESSION), when there was one. */
  session?: string;
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

/** A run directory being created: `.<prefix>.<pid>.new` under the run root, renamed into place once it holds its
 *  manifest. A process killed in between leaves only this, named after its pid (`hil lab sweep` removes it once that
 *  pid is gone): a run directory itself never exists without its manifest. */
export const STAGING = /^\.(hil[0-9a-f]{5})\.(\d+)\.new$/;

/** Write `m` atomically into its run directory; the first write creates the directory with the manifest in it. */
export async function writeManifest(m: Manifest): Promise<void> {
  const dir = runDir(m.prefix);
  const body = `${JSON.stringify(m, null, 2)}\n`;
  if (!(await stat(dir).catch(() => undefined))) {
    await mkdir(RUN_ROOT, { recursive: true, mode: 0o755 });
    const staging = join(RUN_ROOT, `.${m.prefix}.${process.pid}.new`);
    await mkdir(staging, { mode: 0o755 });
    await writeFile(join(staging, MANIFEST_FILE), body);
    await rename(staging, dir);
    return;
  }
  const tmp = join(dir, `.${MANIFEST_FILE}.${process.pid}.tmp`);
  await writeFile(tmp, body);
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
