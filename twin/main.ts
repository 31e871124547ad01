// The twin: a reference Scanner Appliance reached only through its console PTY and its network namespace. Runs until
// killed (a power cut) or shut down from its own menu. `--list-defects` prints the defect catalogue, one name a line.
import { existsSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { parseOptions, USAGE, type TwinOptions } from "./options.ts";
import { DEFECT_NAMES } from "./defects.ts";
import { usageError } from "./errors.ts";
import { Box } from "./power/box.ts";
import { listenControl } from "./power/control.ts";
import { vlansUnavailable } from "../netns/vlan/vlan.ts";

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  if (argv.includes("--list-defects")) {
    if (argv.length > 1) {
      console.error(`${usageError("--list-defects takes no other option").message}\n${USAGE}`);
      return 2;
    }
    for (const name of DEFECT_NAMES) console.log(name);
    return 0;
  }
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const problem = environmentProblem(options) ?? (options.netns ? await vlansUnavailable() : null);
  if (problem) {
    console.error(problem);
    return 2;
  }
  const box = new Box(options);
  const exited = box.exited();
  await box.start();
  const control = options.control ? await listenControl(box, options.control) : null;
  const stop = async (code: number) => {
    control?.close();
    if (options.control) rmSync(options.control, { force: true });
    await box.close();
    return code;
  };
  const signalled = new Promise<number>((resolve) => {
    // SIGTERM/SIGINT: the cable is unplugged and the process ends; like a power cut, no clean-shutdown record.
    process.once("SIGTERM", () => resolve(143));
    process.once("SIGINT", () => resolve(130));
  });
  console.log(`twin: console at ${options.console}, state in ${options.state}, MAC ${options.mac}`);
  return stop(await Promise.race([exited, signalled, ownerGone(options.owner)]));
}

/** Resolves (137, as if killed) once process `owner` is gone: a twin whose owner died before it could record the
 *  twin for the sweeper must not run on alone. Never resolves without an owner. */
function ownerGone(owner: number | undefined): Promise<number> {
  if (owner === undefined) return new Promise<number>(() => undefined);
  return new Promise<number>((resolve) => {
    const timer = setInterval(() => {
      try {
        process.kill(owner, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") return;
        clearInterval(timer);
        console.error(`twin: owner process ${owner} is gone; stopping`);
        resolve(137);
      }
    }, 250);
  });
}

/** What on this machine stops the options from working (a missing namespace or directory), or null. */
function environmentProblem(o: TwinOptions): string | null {
  if (o.netns && !existsSync(`/run/netns/${o.netns}`)) return usageError(`--netns ${o.netns}: no such network namespace (expected /run/netns/${o.netns})`).message;
  if (!existsSync(dirname(o.console))) return usageError(`--console ${o.console}: its directory ${dirname(o.console)} does not exist`).message;
  if (o.platformCa && !existsSync(o.platformCa)) return usageError(`--platform-ca ${o.platformCa}: no such file (the CA certificate this box trusts)`).message;
  if (o.control && !existsSync(dirname(o.control))) return usageError(`--control ${o.control}: its directory ${dirname(o.control)} does not exist`).message;
  return null;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
