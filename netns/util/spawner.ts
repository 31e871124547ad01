// One small helper process per node process that runs short commands for it (netns/util/spawner.py). A node
// process holding a twin or a test worker pays about 10 ms of CPU for each fork it makes itself; the helper's
// forks cost a fraction of that, and the caller only writes a line and reads one (npm run bench sh). Nothing
// changes for the command: same argv, input, environment, working directory and timeout.
import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { PYTHON } from "./python.ts";

const HELPER = fileURLToPath(new URL("./spawner.py", import.meta.url));

/** What a command did: its exit status (-1: killed by its timeout or a signal, or not started) and output. */
export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when it was stopped for running past its timeout. */
  readonly timedOut?: boolean;
}

export interface SpawnRequest {
  readonly input?: string;
  readonly timeoutMs?: number;
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

interface Pending {
  readonly argv: readonly string[];
  readonly request: SpawnRequest;
  readonly done: (ran: Ran) => void;
}

class Spawner {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  /** The environment the helper started with: a request carries only what differs from it now. */
  private readonly base: Readonly<Record<string, string | undefined>> = { ...process.env };
  private started = false;
  private next = 0;
  private buffer = "";

  constructor(private readonly direct: (argv: readonly string[], request: SpawnRequest) => Promise<Ran>, private readonly ended: () => void) {
    this.child = spawn(PYTHON, [HELPER], { stdio: ["pipe", "pipe", "ignore"] });
    this.child.once("spawn", () => (this.started = true));
    this.child.once("error", () => this.end("could not be started"));
    this.child.once("exit", (code, signal) => this.end(`ended (${signal ?? `exit ${code}`})`));
    this.child.stdin!.on("error", () => undefined);
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (chunk: string) => this.read(chunk));
    this.hold(false);
  }

  run(argv: readonly string[], request: SpawnRequest): Promise<Ran> {
    return new Promise((done) => {
      const id = ++this.next;
      this.pending.set(id, { argv, request, done });
      if (this.pending.size === 1) this.hold(true);
      const env = this.envDiff(request.env);
      this.child.stdin!.write(`${JSON.stringify({ id, argv, input: request.input ?? null, timeout: request.timeoutMs ? request.timeoutMs / 1000 : null, env, cwd: request.cwd ?? null })}\n`);
    });
  }

  /** While a command runs, the helper keeps this process alive; otherwise it never does. */
  private hold(on: boolean): void {
    for (const handle of [this.child, this.child.stdin as Socket | null, this.child.stdout as Socket | null]) {
      if (on) handle?.ref();
      else handle?.unref();
    }
  }

  private envDiff(extra: Record<string, string> | undefined): { set: Record<string, string>; unset: string[] } | null {
    const set: Record<string, string> = {};
    const unset: string[] = [];
    const now = process.env;
    for (const name in now) if (now[name] !== this.base[name]) set[name] = now[name]!;
    for (const name in this.base) if (now[name] === undefined) unset.push(name);
    if (extra) Object.assign(set, extra);
    return unset.length || Object.keys(set).length ? { set, unset } : null;
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    for (let nl = this.buffer.indexOf("\n"); nl >= 0; nl = this.buffer.indexOf("\n")) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      const reply = JSON.parse(line) as { id: number; code: number; out: string; err: string; timedOut?: boolean };
      const p = this.pending.get(reply.id);
      if (!p) continue;
      this.pending.delete(reply.id);
      if (!this.pending.size) this.hold(false);
      p.done({ code: reply.code, stdout: reply.out, stderr: reply.err, ...(reply.timedOut ? { timedOut: true } : {}) });
    }
  }

  /** The helper is gone: commands it never started run directly; one it may have started is reported as cut off. */
  private end(how: string): void {
    this.ended();
    const left = [...this.pending.values()];
    this.pending.clear();
    for (const p of left) {
      if (!this.started) void this.direct(p.argv, p.request).then(p.done);
      else p.done({ code: -1, stdout: "", stderr: `the command runner (${HELPER}) ${how} before ${p.argv[0]} finished` });
    }
  }
}

let current: Spawner | undefined;
let unavailable = process.env.HIL_SPAWNER === "0";

/** Run `argv` through this process's helper (started on first use); `direct` runs it when there is none. */
export function spawned(argv: readonly string[], request: SpawnRequest, direct: (argv: readonly string[], request: SpawnRequest) => Promise<Ran>): Promise<Ran> {
  if (unavailable) return direct(argv, request);
  current ??= new Spawner(direct, () => {
    current = undefined;
    unavailable = true;
  });
  return current.run(argv, request);
}
