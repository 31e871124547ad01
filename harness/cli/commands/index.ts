// Every `hil` command, with the line `hil --help` shows for it; each module is loaded only when its command runs (so
// `hil --help` loads none, and `hil X --help` loads X alone).
// A new command is a module here exporting `main(argv): Promise<number>` (the exit code), plus one entry below;
// index.test.ts fails while a module in this folder is not listed.

/** What a command module exports. */
export interface CommandModule {
  main(argv: string[]): Promise<number>;
}

/** One command: its one-line summary and how to load it. */
export interface Command {
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

/** The commands by name (literal imports, so a bundler sees them all and gives each its own chunk). */
export const COMMANDS: Readonly<Record<string, Command>> = {
  ca: {
    summary: "persistent lab CA for the platform emulator: init [--dir DIR] [--force] | show [--dir DIR]",
    load: () => import("./ca.ts"),
  },
  capture: {
    summary: "decode a pcap into typed frames (hil capture decode FILE.pcap [--json] [--filter F])",
    load: () => import("./capture.ts"),
  },
  certify: {
    summary: "run the certification suite (default: against the twin) and write the report; verify DIR rechecks one",
    load: () => import("./certify.ts"),
  },
  console: {
    summary: "console tools: calibrate --tty PATH [--inventory FILE --name NAME] (screen profile of a live appliance)",
    load: () => import("./console.ts"),
  },
  doctor: {
    summary: "check every external tool and kernel feature the project uses",
    load: () => import("./doctor.ts"),
  },
  dut: {
    summary: "DUT helpers: check-inventory FILE | give-back RUNDIR | defects",
    load: () => import("./dut.ts"),
  },
  lab: {
    summary: "lab networks: up (detached), exec, fault, capture, ls, down, sweep",
    load: () => import("./lab.ts"),
  },
  report: {
    summary: "report tools: merge --out DIR IN... (one record, JUnit XML and HTML report from the shards of a run, hil certify --shard i/n)",
    load: () => import("./report.ts"),
  },
  twin: {
    summary: "run the twin (reference appliance): hil twin --console PATH --state DIR [...]; as a box: hil twin --as-hardware NAME | stop NAME | list | power NAME on|off|cut",
    load: () => import("./twin.ts"),
  },
};

/** The summary of command `name` (a command's own usage repeats it). */
export function summaryOf(name: string): string {
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new Error(`no command '${name}' in harness/cli/commands/index.ts`);
  return command.summary;
}
