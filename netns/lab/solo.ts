// A run without a lab: what a process starts on its own (a twin DUT attached without a lab, a hardware DUT's
// working directory) still gets a run directory under the run root and a manifest owned by that process, so that
// `hil lab sweep` finds it and removes it (processes included) once that process is gone, SIGKILL included.
import { rm } from "node:fs/promises";
import { newPrefix, runDir, SESSION } from "../util/owner.ts";
import { writeManifest, type Manifest } from "./manifest.ts";
import { onInterrupt } from "./interrupt.ts";
import { identify } from "./proc.ts";

/** What a solo run's manifest says it is (shown by `hil lab ls` and `hil lab sweep`). */
export const SOLO_TOPOLOGY = "(no lab)";

/** One run owned by this process, with no namespaces of its own. */
export class SoloRun {
  private closed = false;
  private saving: Promise<void> = Promise.resolve();

  private constructor(private readonly manifest: Manifest) {}

  /** Create the run (directory and manifest, state up) for `name`, owned by this process. An interrupt (SIGINT,
   *  SIGTERM) while it is being created removes it once its manifest has been written: the caller may never get it
   *  (the process ends once the interrupt hooks have run), and a run directory caught half-written, without its
   *  manifest, is one the sweeper cannot judge. */
  static async create(name: string): Promise<SoloRun> {
    const prefix = newPrefix();
    let creating: Promise<Manifest> | undefined;
    const release = onInterrupt(async () => {
      await creating?.catch(() => undefined);
      await rm(runDir(prefix), { recursive: true, force: true });
    });
    creating = (async () => {
      const owner = await identify(process.pid);
      if (!owner) throw new Error(`SoloRun ${name}: cannot read this process's own identity from /proc/${process.pid}`);
      const m: Manifest = { version: 1, prefix, name, topology: SOLO_TOPOLOGY, createdAt: new Date().toISOString(), owner, ...(SESSION ? { session: SESSION } : {}), detached: false, state: "up", hosts: {}, namespaces: [], processes: [], shims: [] };
      await writeManifest(m);
      return m;
    })();
    try {
      return new SoloRun(await creating);
    } finally {
      release();
    }
  }

  get prefix(): string {
    return this.manifest.prefix;
  }

  /** The run directory (removed by close(), or by the sweeper once the owner is gone). */
  get dir(): string {
    return runDir(this.manifest.prefix);
  }

  /** Record process `pid` (with its pid file; `group`: it leads its own process group) for the sweeper. */
  async track(label: string, pid: number, pidFile: string, group: boolean): Promise<void> {
    const id = await identify(pid);
    if (!id || this.closed) return;
    this.manifest.processes.push({ ...id, label, pidFile, group });
    this.saving = this.saving.then(() => writeManifest(this.manifest));
    await this.saving;
  }

  /** Remove the run directory (its processes are the caller's to stop first). Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.saving.catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }
}
