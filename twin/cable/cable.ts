// The console cable: a small python helper owns the PTY (the link path stays while the appliance power
// cycles); this module spawns it and turns its event lines into connect/hangup callbacks.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { cableError } from "../errors.ts";
import { PYTHON } from "../../netns/util/python.ts";

const HELPER = join(dirname(fileURLToPath(import.meta.url)), "cable.py");

/** Callbacks for what happens on the line. */
export interface CableEvents {
  /** A terminal opened the PTY (a fresh connection). */
  onConnect(): void;
  /** The last terminal closed the PTY. */
  onHangup(): void;
  /** Bytes typed on the terminal. */
  onData(data: Buffer): void;
  /** The helper died unexpectedly. */
  onLost(reason: string): void;
}

/** The PTY cable: write() sends to the terminal (dropped by the helper while nobody listens). */
export class Cable {
  private closing = false;
  private constructor(private readonly child: ChildProcess, readonly slave: string) {}

  /** Start the helper with its PTY linked at `link`; resolves once the link exists. */
  static async open(link: string, events: CableEvents): Promise<Cable> {
    const child = spawn(PYTHON, [HELPER, link], { stdio: ["pipe", "ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdio[3] as Readable });
    const slave = await new Promise<string>((resolve, reject) => {
      child.once("error", (e) => reject(cableError(link, e.message)));
      child.once("exit", (code) => reject(cableError(link, `helper exited with ${code}: ${stderr.trim()}`)));
      lines.once("line", (line) => (line.startsWith("ready ") ? resolve(line.slice(6)) : reject(cableError(link, line))));
    });
    const cable = new Cable(child, slave);
    child.removeAllListeners("exit");
    child.on("exit", (code, signal) => {
      if (!cable.closing) events.onLost(`cable helper exited (${code ?? signal}): ${stderr.trim()}`);
    });
    // The terminal's bytes come on the event channel too ("data <hex>"): a new connection's "connect" is always
    // handled before what it typed.
    lines.on("line", (line) => {
      if (line === "connect") events.onConnect();
      else if (line === "hangup") events.onHangup();
      else if (line.startsWith("data ")) events.onData(Buffer.from(line.slice(5), "hex"));
    });
    (child.stdin as Writable).on("error", () => undefined);
    return cable;
  }

  /** The stream towards the terminal. */
  get out(): Writable {
    return this.child.stdin as Writable;
  }

  /** Pid of the helper (it is this process's child). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Unplug: stop the helper, which removes the link. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    await exited;
  }
}
