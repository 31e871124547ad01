// Running external programs, on the host or inside a network namespace. A lab and a twin run dozens of short
// commands per scenario: they go through this process's command runner (netns/util/spawner.ts), which forks far
// more cheaply than a node process does, or with node's own spawn when it has none (HIL_SPAWNER=0). Either way
// without execa, whose per-call set-up (its environment copy, signal-exit hooks installed and removed on every call)
// cost as much CPU as the spawn itself (npm run bench sh).
import { spawn } from "node:child_process";
import { spawned, type Ran, type SpawnRequest } from "./spawner.ts";

export class CommandError extends Error {
  override readonly name = "CommandError";
  constructor(
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
    readonly stdout: string,
    options?: ErrorOptions & { timedOutMs?: number },
  ) {
    const how = options?.timedOutMs !== undefined ? `timed out after ${options.timedOutMs} ms` : `failed (exit ${exitCode ?? "signal"})`;
    super(`Command ${how}: ${command}${stderr ? `\n${stderr.trim()}` : ""}`, options);
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** The exit status; -1 when the command was killed (its timeout, a signal) or could not be started. */
  exitCode: number;
}

export interface RunOptions {
  /** Resolve with the exit code instead of throwing when the command fails. */
  allowFailure?: boolean;
  input?: string;
  /** Stop the command (SIGTERM, SIGKILL 5 s later) when it runs longer. */
  timeoutMs?: number;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  cwd?: string;
}

/** Run `cmd args` on the host and return its output; throws CommandError on failure unless allowFailure. */
export async function run(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { allowFailure, ...request } = options;
  const ran = await spawned([cmd, ...args], request, spawnDirect);
  const result: RunResult = { stdout: stripFinalNewline(ran.stdout), stderr: stripFinalNewline(ran.stderr), exitCode: ran.code };
  if (result.exitCode !== 0 && !allowFailure) {
    throw new CommandError([cmd, ...args].join(" "), result.exitCode === -1 ? undefined : result.exitCode, result.stderr, result.stdout, ran.timedOut ? { timedOutMs: request.timeoutMs } : {});
  }
  return result;
}

/** How long a command stopped for its timeout has to end before it is killed. */
const FORCE_KILL_MS = 5_000;

/** `argv` run with node's own spawn (this process forks). */
export function spawnDirect(argv: readonly string[], request: SpawnRequest = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: [request.input !== undefined ? "pipe" : "ignore", "pipe", "pipe"],
      ...(request.env ? { env: { ...process.env, ...request.env } } : {}),
      ...(request.cwd ? { cwd: request.cwd } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (b: Buffer) => out.push(b));
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    let notStarted: Error | undefined;
    let timedOut = false;
    let force: NodeJS.Timeout | undefined;
    const timer = request.timeoutMs
      ? setTimeout(() => {
        timedOut = true;
        child.kill("SIGTERM");
        force = setTimeout(() => child.kill("SIGKILL"), FORCE_KILL_MS);
      }, request.timeoutMs)
      : undefined;
    if (request.input !== undefined) {
      child.stdin!.on("error", () => undefined); // a command that exits without reading its input
      child.stdin!.end(request.input);
    }
    child.once("error", (e) => (notStarted = e));
    child.once("close", (code) => {
      clearTimeout(timer);
      clearTimeout(force);
      const stderr = notStarted ? `cannot run ${argv[0]}: ${notStarted.message}` : Buffer.concat(err).toString("utf8");
      resolve({ code: notStarted || code === null ? -1 : code, stdout: Buffer.concat(out).toString("utf8"), stderr, ...(timedOut ? { timedOut } : {}) });
    });
  });
}

function stripFinalNewline(s: string): string {
  return s.endsWith("\r\n") ? s.slice(0, -2) : s.endsWith("\n") ? s.slice(0, -1) : s;
}

/** Run a command inside network namespace `ns` (ip netns exec). */
export function runIn(ns: string, cmd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return run("ip", ["netns", "exec", ns, cmd, ...args], options);
}

/** True when `cmd` is on PATH. */
export async function have(cmd: string): Promise<boolean> {
  const result = await run("sh", ["-c", `command -v ${JSON.stringify(cmd)}`], { allowFailure: true });
  return result.exitCode === 0;
}
