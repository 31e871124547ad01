// The twin: a reference Scanner Appliance reached only through its console PTY (and, in part 2, its
// network namespace). Runs until killed (a power cut) or shut down from its own menu.
import { rmSync } from "node:fs";
import { parseOptions, USAGE } from "./options.ts";
import { Box } from "./power/box.ts";
import { listenControl } from "./power/control.ts";

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
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
  return stop(await Promise.race([exited, signalled]));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
