// Every `hil` command, loaded only when it runs (a `--help` of one command loads that command alone).
// A new command is a module here exporting `summary` (one line) and `main(argv): Promise<number>` (the exit code),
// plus one line below; index.test.ts fails while a module in this folder is not listed.

/** What a command module exports. */
export interface CommandModule {
  summary: string;
  main(argv: string[]): Promise<number>;
}

/** The commands by name (literal imports, so a bundler sees them all). */
export const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  ca: () => import("./ca.ts"),
  capture: () => import("./capture.ts"),
  certify: () => import("./certify.ts"),
  console: () => import("./console.ts"),
  doctor: () => import("./doctor.ts"),
  dut: () => import("./dut.ts"),
  lab: () => import("./lab.ts"),
  twin: () => import("./twin.ts"),
};
