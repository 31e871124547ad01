// Running external programs (with execa), on the host or inside a network namespace.
import { execa, type Options } from "execa";

export class CommandError extends Error {
  override readonly name = "CommandError";
  constructor(
    readonly command: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
    readonly stdout: string,
    options?: ErrorOptions,
  ) {
    super(`Command failed (exit ${exitCode ?? "signal"}): ${command}${stderr ? `\n${stderr.trim()}` : ""}`, options);
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  /** Resolve with the exit code instead of throwing when the command fails. */
  allowFailure?: boolean;
  input?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
  cwd?: string;
}

/** Run `cmd args` on the host and return its output; throws CommandError on failure unless allowFailure. */
export async function run(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const execaOptions: Options = {
    reject: false,
    stripFinalNewline: true,
    ...(options.input !== undefined ? { input: options.input } : { stdin: "ignore" }),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  };
  const result = await execa(cmd, [...args], execaOptions);
  const out: RunResult = {
    stdout: String(result.stdout ?? ""),
    stderr: String(result.stderr ?? ""),
    exitCode: result.exitCode ?? -1,
  };
  if (out.exitCode !== 0 && !options.allowFailure) {
    throw new CommandError([cmd, ...args].join(" "), result.exitCode, out.stderr, out.stdout);
  }
  return out;
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
