// Power by the inventory's shell command lines (a PDU's own CLI, a relay script, a twin box's box-power.py).
import { run } from "../../netns/util/sh.ts";
import { powerFailed } from "./errors.ts";
import type { PowerControl } from "./types.ts";

/** How long one power command may run before it counts as failed. */
export const COMMAND_TIMEOUT_MS = 30_000;

/** Power control running `on`/`off`/`cut` through `sh -c`; a non-zero exit (or a hang) fails with its output. */
export function commandPower(name: string, cmd: { readonly on: string; readonly off: string; readonly cut: string }): PowerControl {
  const exec = (action: string, line: string) => async () => {
    const r = await run("sh", ["-c", line], { allowFailure: true, timeoutMs: COMMAND_TIMEOUT_MS });
    if (r.exitCode !== 0) throw powerFailed(name, action, `'${line}' exited ${r.exitCode}: ${r.stderr.trim() || r.stdout.trim() || "no output"}`);
  };
  return { on: exec("on", cmd.on), off: exec("off", cmd.off), cut: exec("cut", cmd.cut) };
}
