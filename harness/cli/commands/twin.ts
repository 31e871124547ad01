// `hil twin ...`: start the reference appliance (twin/main.ts) as a separate process. It is spawned, never
// imported: harness/ must not depend on twin/ (a boundary test enforces it).
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { boxCommand } from "../twin-box.ts";


const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export async function main(argv: string[]): Promise<number> {
  const boxed = await boxCommand(argv);
  if (boxed !== undefined) return boxed;
  // node --import tsx (not the tsx CLI): the child's pid is the twin itself, so a kill by pid reaches it.
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "twin", "main.ts"), ...argv], { stdio: "inherit", cwd: root });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.once("SIGINT", forward("SIGINT"));
  process.once("SIGTERM", forward("SIGTERM"));
  return new Promise((resolvePromise) => {
    child.once("error", (e) => {
      console.error(`hil twin: could not start the twin: ${e.message}`);
      resolvePromise(1);
    });
    child.once("exit", (code, signal) => resolvePromise(code ?? (signal ? 128 : 1)));
  });
}
