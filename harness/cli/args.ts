// One argument layer for every `hil` command, on node's util.parseArgs in strict mode: the same `--help` (printed,
// nothing else done), the same refusal of unknown options and bad values, the same usage errors (exit 2).
import { parseArgs } from "node:util";

/** One option of a command. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** Placeholder of the value in the help (string options), e.g. NAME. */
  readonly value?: string;
  /** One line for the help. */
  readonly help: string;
  /** Shown in the help and returned when the option is absent. */
  readonly default?: string;
  /** The values accepted (string options). With `list`, each comma-separated item must be one of them. */
  readonly choices?: readonly string[];
  /** A comma-separated list of `choices`. */
  readonly list?: boolean;
  /** Validates a value: returns what was expected (e.g. "a number of seconds above 0") when the value is bad. */
  readonly check?: (value: string) => string | undefined;
}

/** A positional argument. */
export interface PositionalSpec {
  readonly name: string;
  readonly optional?: boolean;
  /** The last positional only: takes every remaining argument (one at least unless optional); read with `all`. */
  readonly variadic?: boolean;
}

/** What a command accepts: the single source of its parsing and of its help. */
export interface CommandSpec {
  /** The words that run it, e.g. "hil lab up". */
  readonly name: string;
  /** One line: what it does. */
  readonly summary: string;
  readonly positionals?: readonly PositionalSpec[];
  /** The name of what follows `--` (e.g. "CMD [ARGS...]"); without it `--` is refused. */
  readonly rest?: string;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** More lines for the help, after the options. */
  readonly notes?: readonly string[];
}

/** A usage error: what the user typed that the command does not accept. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The parsed arguments of a command, read through typed accessors. */
export class Args {
  constructor(
    private readonly spec: CommandSpec,
    private readonly values: Readonly<Record<string, string | boolean | undefined>>,
    private readonly named: Readonly<Record<string, string | undefined>>,
    /** What followed `--`. */
    readonly rest: readonly string[],
    /** The values of the variadic positional, when the spec has one. */
    private readonly variadic?: readonly string[],
  ) {}

  /** A string option's value (its default when absent). */
  string(name: string): string | undefined {
    this.option(name, "string");
    const v = this.values[name];
    return typeof v === "string" ? v : this.spec.options![name]!.default;
  }

  /** A boolean option: given or not. */
  flag(name: string): boolean {
    this.option(name, "boolean");
    return this.values[name] === true;
  }

  /** A list option's items (its default's when absent). */
  list(name: string): string[] | undefined {
    const v = this.string(name);
    return v === undefined ? undefined : splitList(v);
  }

  /** Every value of a variadic positional argument (the last of the spec). */
  all(name: string): string[] {
    if (!this.spec.positionals?.some((p) => p.name === name && p.variadic)) throw new Error(`${this.spec.name}: no variadic positional argument ${name} in its spec`);
    return [...(this.variadic ?? [])];
  }

  /** A positional argument by its name in the spec. */
  positional(name: string): string | undefined {
    if (!this.spec.positionals?.some((p) => p.name === name)) throw new Error(`${this.spec.name}: no positional argument ${name} in its spec`);
    return this.named[name];
  }

  private option(name: string, type: OptionSpec["type"]): void {
    const o = this.spec.options?.[name];
    if (!o || o.type !== type) throw new Error(`${this.spec.name}: no ${type} option --${name} in its spec`);
  }
}

const HELP: OptionSpec = { type: "boolean", short: "h", help: "show this help and exit (does nothing else)" };

const splitList = (v: string) => v.split(",").map((s) => s.trim()).filter((s) => s !== "");

/** "a", "a or b", "a, b or c" */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** The closest of `candidates` to `word` when it is near enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = distance(word, c);
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d <= Math.max(1, Math.floor(best.c.length / 3)) ? best.c : undefined;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

function synopsis(spec: CommandSpec): string {
  const pos = (spec.positionals ?? []).map((p) => (p.optional ? `[${p.name}${p.variadic ? "..." : ""}]` : `${p.name}${p.variadic ? "..." : ""}`));
  const opts = Object.keys(spec.options ?? {}).length ? ["[options]"] : [];
  return [spec.name, ...pos, ...opts, ...(spec.rest ? [`-- ${spec.rest}`] : [])].join(" ");
}

/** The one-line usage of a command. */
export function usageLine(spec: CommandSpec): string {
  return `usage: ${synopsis(spec)}`;
}

/** The full help of a command. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries({ ...spec.options, help: HELP }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    const extra = [o.choices && !o.list ? `one of ${o.choices.join(", ")}` : o.choices ? `comma list of ${o.choices.join(", ")}` : "", o.default !== undefined ? `default ${o.default}` : ""].filter(Boolean);
    return [flag, `${o.help}${extra.length ? ` (${extra.join("; ")})` : ""}`] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return [usageLine(spec), "", spec.summary, "", "options:", ...rows.map(([f, h]) => `  ${f.padEnd(width)}${h}`), ...(spec.notes?.length ? ["", ...spec.notes] : [])].join("\n");
}

/** True when the user asked for help (before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

function checkValue(name: string, o: OptionSpec, value: string): void {
  if (o.choices) {
    const items = o.list ? splitList(value) : [value];
    const bad = items.filter((i) => !o.choices!.includes(i));
    if (bad.length || items.length === 0) {
      const expected = o.list ? `a comma list of ${orList(o.choices)}` : orList(o.choices);
      throw new UsageError(`expected --${name} to be ${expected}, got '${value}'`);
    }
  }
  const expected = o.check?.(value);
  if (expected) throw new UsageError(`expected --${name} to be ${expected}, got '${value}'`);
}

/** Parse `argv` against `spec`; a UsageError names what is wrong. `--help` is not handled here (see runCommand). */
export function parse(spec: CommandSpec, argv: readonly string[]): Args {
  const options = spec.options ?? {};
  const config = Object.fromEntries(Object.entries(options).map(([n, o]) => [n, { type: o.type, ...(o.short ? { short: o.short } : {}) }]));
  const byShort = new Map(Object.entries(options).flatMap(([n, o]) => (o.short ? [[o.short, n] as const] : [])));
  // First a lenient pass for the tokens, so each error names exactly what was typed; then the strict pass.
  const { tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  let terminator = argv.length;
  for (const t of tokens) {
    if (t.kind === "option-terminator") {
      if (!spec.rest) throw new UsageError(`unexpected '--'`);
      terminator = t.index;
      break;
    }
    if (t.kind !== "option") continue;
    const name = t.rawName.startsWith("--") ? t.name : (byShort.get(t.name) ?? t.name);
    const o = options[name];
    if (!o) {
      const guess = t.rawName.startsWith("--") ? closest(t.name, Object.keys(options)) : undefined;
      throw new UsageError(`unknown option '${t.rawName}'${guess ? ` (did you mean '--${guess}'?)` : ""}`);
    }
    if (o.type === "boolean" && t.inlineValue) throw new UsageError(`option '--${name}' takes no value, got '${argv[t.index]}'`);
    if (o.type === "string") {
      if (t.value === undefined) throw new UsageError(`option '--${name}' needs a value ${o.value ?? "VALUE"}`);
      if (!t.inlineValue && t.value.startsWith("-")) throw new UsageError(`option '--${name}' needs a value ${o.value ?? "VALUE"}, got the option '${t.value}' (write --${name}=${t.value} if that is the value)`);
      checkValue(name, o, t.value);
    }
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv.slice(0, terminator), options: config, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const specs = spec.positionals ?? [];
  const positionals = parsed.positionals;
  const variadic = specs.at(-1)?.variadic ? positionals.slice(specs.length - 1) : undefined;
  if (!variadic && positionals.length > specs.length) throw new UsageError(`unexpected argument '${positionals[specs.length]}'`);
  const named: Record<string, string | undefined> = {};
  for (const [i, p] of specs.entries()) {
    if (positionals[i] === undefined && !p.optional) throw new UsageError(`missing ${p.name}`);
    named[p.name] = positionals[i];
  }
  const rest = argv.slice(terminator + 1);
  if (spec.rest && terminator < argv.length && rest.length === 0) throw new UsageError(`missing ${spec.rest} after '--'`);
  return new Args(spec, parsed.values as Record<string, string | boolean | undefined>, named, rest, variadic);
}

/** Where a command prints (the process's streams by default; tests pass their own). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = { out: (t) => console.log(t), err: (t) => console.error(t) };

/** Print a usage error the same way for every command: "<command>: <problem>", a blank line, the usage; exit code 2. */
export function usageFailure(spec: Pick<CommandSpec, "name">, problem: string, usage: string, io: Io = processIo): number {
  io.err(`${spec.name}: ${problem}\n\n${usage}`);
  return 2;
}

/** A usage error of `spec` found after parsing (a combination of values it cannot take): printed as runCommand
 *  prints its own; returns 2. */
export function refuse(spec: CommandSpec, problem: string, io: Io = processIo): number {
  return usageFailure(spec, problem, `${usageLine(spec)}\n(${spec.name} --help for details)`, io);
}

/** Run a command: `--help` prints its help and returns 0 before anything else happens; bad arguments return 2
 *  with the problem and the usage; otherwise `handler` runs with the parsed arguments and returns the exit code. */
export async function runCommand(spec: CommandSpec, argv: readonly string[], handler: (args: Args) => Promise<number> | number, io: Io = processIo): Promise<number> {
  if (wantsHelp(argv)) {
    io.out(helpText(spec));
    return 0;
  }
  let args: Args;
  try {
    args = parse(spec, argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return refuse(spec, error.message, io);
  }
  return handler(args);
}

/** One subcommand of a group (e.g. `up` of `hil lab`). */
export interface Subcommand {
  readonly spec: CommandSpec;
  run(args: Args): Promise<number> | number;
}

/** The help of a group: its subcommands, one line each. */
export function groupHelp(name: string, summary: string, subs: Readonly<Record<string, Subcommand>>): string {
  const width = Math.max(...Object.keys(subs).map((s) => s.length)) + 2;
  return [`usage: ${name} <subcommand> [options]`, "", summary, "", "subcommands:", ...Object.entries(subs).map(([s, c]) => `  ${s.padEnd(width)}${c.spec.summary}`), "", `${name} <subcommand> --help for its options`].join("\n");
}

/** Dispatch `argv` to one of `subs`; `--help` before a subcommand shows the group's help. */
export async function runGroup(name: string, summary: string, subs: Readonly<Record<string, Subcommand>>, argv: readonly string[], io: Io = processIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    if (sub === undefined) return usageFailure({ name }, "missing subcommand", groupHelp(name, summary, subs), io);
    io.out(groupHelp(name, summary, subs));
    return 0;
  }
  const command = Object.hasOwn(subs, sub) ? subs[sub] : undefined;
  if (!command) {
    const guess = closest(sub, Object.keys(subs));
    return usageFailure({ name }, `unknown subcommand '${sub}'${guess ? ` (did you mean '${guess}'?)` : ""}`, groupHelp(name, summary, subs), io);
  }
  return runCommand(command.spec, rest, (args) => command.run(args), io);
}
