// The `hil` command: `hil <command> ...` runs one of COMMANDS (harness/cli/commands/index.ts).
import { closest } from "./args.ts";
import { COMMANDS } from "./commands/index.ts";

/** The list of commands (from the index alone: no command module is loaded for it). */
function usage(): string {
  const names = Object.keys(COMMANDS).sort();
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const lines = ["usage: hil <command> [options]", "", "commands:"];
  for (const name of names) lines.push(`  ${name.padEnd(width)}${COMMANDS[name]!.summary}`);
  lines.push("", "hil <command> --help for its options");
  return lines.join("\n");
}

/** Runs `hil` with `argv` (after "hil"); returns the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.error(`hil: missing command\n\n${usage()}`);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const guess = closest(name, Object.keys(COMMANDS));
    console.error(`hil: unknown command '${name}'${guess ? ` (did you mean '${guess}'?)` : ""}\n\n${usage()}`);
    return 2;
  }
  return (await command.load()).main([...rest]);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`hil: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.HIL_DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  },
);
