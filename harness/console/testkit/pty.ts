// A real PTY pair made by socat for tests: `dev` is the console side, `peer` the device side.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Deadline, pollUntil } from "../../../netns/util/deadline.ts";
import { newPrefix } from "../../../netns/util/owner.ts";

/** A socat PTY pair in its own directory; stop() kills the socat this started (by pid) and removes the dir. */
export class PtyPair {
  private constructor(readonly dir: string, readonly dev: string, readonly peer: string, private readonly proc: ChildProcess) {}

  /** Start socat and wait (polling) until both links exist. */
  static async start(deadline = Deadline.in(5000, "socat PTY links")): Promise<PtyPair> {
    const dir = await mkdtemp(join(tmpdir(), `${newPrefix()}-console-`));
    const dev = join(dir, "dev");
    const peer = join(dir, "peer");
    const proc = spawn("socat", ["-d", "-d", `PTY,link=${dev},raw,echo=0`, `PTY,link=${peer},raw,echo=0`], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    proc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const pair = new PtyPair(dir, dev, peer, proc);
    try {
      await pollUntil(() => (proc.exitCode !== null ? Promise.reject(new Error(`socat exited: ${stderr}`)) : existsSync(dev) && existsSync(peer) ? true : undefined), deadline, {
        what: `socat PTY links in ${dir}`,
        steps: [0, 5, 10, 20, 50],
      });
    } catch (err) {
      await pair.stop();
      throw err;
    }
    return pair;
  }

  /** The socat process id. */
  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Kill socat (both PTY masters go away: the console's link dies). Resolves when it has exited. */
  async kill(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.proc.once("exit", () => resolve()));
    this.proc.kill("SIGTERM");
    await exited;
  }

  /** Kill socat and remove the directory (idempotent). */
  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}
