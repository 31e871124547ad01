// The `hil` command: dispatches `hil <command> ...` to harness/cli/commands/<command>.ts.
// Each command module exports `summary` (one line) and `main(argv): Promise<number>` (the exit code).
import { readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

interface CommandModule {
  summary: string;
  main(argv: string[]): Promise<number>;
}

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), "commands");

async function commandNames(): Promise<string[]> {
  const files = await readdir(commandsDir);
  return files.filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).map((f) => f.slice(0, -3)).sort();
}

async function load(name: string): Promise<CommandModule> {
  return (await import(join(commandsDir, `${name}.ts`))) as CommandModule;
}

async function usage(): Promise<string> {
  const lines = ["usage: hil <command> [options]", "", "commands:"];
  for (const name of await commandNames()) lines.push(`  ${name.padEnd(10)} ${(await load(name)).summary}`);
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(await usage());
    return name ? 0 : 2;
  }
  const names = await commandNames();
  if (!names.includes(name)) {
    console.error(`hil: unknown command '${name}'\n\n${await usage()}`);
    return 2;
  }
  return (await load(name)).main(rest);
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
