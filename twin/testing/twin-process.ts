// Start a twin process for a test (tsx twin/main.ts) in a fresh temp dir, and stop it by pid.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A running twin and where its PTY, state and control socket are. */
export class TwinProcess {
  private constructor(readonly child: ChildProcess, readonly dir: string, readonly console: string, readonly state: string, readonly control: string, readonly output: string[]) {}

  /** Start a twin with extra arguments (defaults: --time-scale 0.01 --no-pace). */
  static async start(args: readonly string[] = ["--time-scale", "0.01", "--no-pace"], dir?: string): Promise<TwinProcess> {
    const base = dir ?? mkdtempSync(join(tmpdir(), "twin-test-"));
    const consolePath = join(base, "console");
    const state = join(base, "state");
    const control = join(base, "control.sock");
    const output: string[] = [];
    // node --import tsx: the pid is the twin itself (the tsx CLI would add a parent that a SIGKILL would orphan).
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "twin/main.ts"), "--console", consolePath, "--state", state, "--control", control, ...args], { stdio: ["ignore", "pipe", "pipe"], cwd: ROOT });
    child.stdout!.on("data", (d) => output.push(String(d)));
    child.stderr!.on("data", (d) => output.push(String(d)));
    const twin = new TwinProcess(child, base, consolePath, state, control, output);
    await pollUntil(() => (existsSync(consolePath) && existsSync(control) ? true : child.exitCode !== null ? Promise.reject(new Error(`twin exited: ${output.join("")}`)) : undefined), Deadline.in(90_000, "twin console PTY"), {
      describeLast: () => output.join(""),
    });
    return twin;
  }

  /** Send a control command (power on|off|cut, status) and return the reply. */
  async control_(line: string): Promise<string> {
    const { createConnection } = await import("node:net");
    return new Promise((resolve, reject) => {
      const sock = createConnection(this.control, () => sock.write(`${line}\n`));
      let data = "";
      sock.on("data", (d) => {
        data += String(d);
        if (data.includes("\n")) {
          sock.end();
          resolve(data.trim());
        }
      });
      sock.on("error", reject);
    });
  }

  /** Stop the process (SIGKILL = power cut; SIGTERM = unplug) and wait for it to exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((r) => this.child.once("exit", () => r()));
      this.child.kill(signal);
      await exited;
    }
  }

  /** Stop and remove the temp dir. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
