// Settings checked against a zod schema at the boundary, with one error format for all of them: the source (a file,
// or the call that took the options), the field, what was expected and what was found. Used by the harness's settings
// (console, serial line, screen profile, TwinDut options) and the twin's (network context, state file).
import type { z } from "zod";

/** A setting that failed its check. */
export interface Invalid {
  /** Where the settings come from: `inventory lab.yaml`, `Console.open options`, a state file's path. */
  readonly source: string;
  /** The field, as written in messages: `appliances[0].timings.bootMs`; empty for the whole input. */
  readonly field: string;
  readonly expected: string;
  readonly found: string;
}

/** `Invalid <source> at <field>: expected <expected>, found <found>`. */
export function invalidMessage(i: Invalid): string {
  return `Invalid ${i.source} at ${i.field || "(root)"}: expected ${i.expected}, found ${i.found}`;
}

/** A settings check failed; the message is invalidMessage's, the parts stay readable. */
export class InvalidSettingError extends TypeError {
  override readonly name = "InvalidSettingError";
  constructor(
    readonly invalid: Invalid,
    options?: ErrorOptions,
  ) {
    super(invalidMessage(invalid), options);
  }
}

/** A field path as written in messages: `a.b[0].c`. */
export function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : `${i ? "." : ""}${String(k)}`)).join("");
}

/** A found value as written in messages: `nothing` for a missing one, strings quoted, lists and mappings as JSON. */
export function foundOf(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object" && value !== null) {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  }
  return String(value);
}

/** What an issue expected, in words: the schema's own message (without a leading "expected "), or zod's facts. */
function expectedOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `no key ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  if (issue.code === "invalid_value") return `one of ${issue.values.map((v) => JSON.stringify(v)).join("|")}`;
  if (issue.code === "invalid_type" && /^Invalid input/.test(issue.message)) return String(issue.expected);
  if (issue.code === "invalid_format" && /^Invalid/.test(issue.message)) return issue.format === "regex" && "pattern" in issue ? `text matching ${String(issue.pattern)}` : `a valid ${issue.format}`;
  if (issue.code === "invalid_union") {
    const values = issue.errors.flat().flatMap((i) => (i.code === "invalid_value" ? i.values : []));
    return values.length ? `one of ${values.map((v) => JSON.stringify(v)).join("|")}` : "one of the forms the field allows";
  }
  // zod's own words ("Too small: expected number to be >0") lose their heading; a schema's ("expected a MAC ...") their verb.
  return issue.message.replace(/^(Too (small|big)|Invalid [a-z ]+): /, "").replace(/^expected /i, "");
}

/** The first issue of a failed parse of `input`, as an Invalid of `source`. */
export function firstInvalid(error: z.ZodError, input: unknown, source: string): Invalid {
  const issue = error.issues[0]!;
  const value = issue.path.reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined), input);
  const found = issue.code === "unrecognized_keys" ? JSON.stringify(issue.keys[0]) : foundOf(value);
  return { source, field: fieldOf(issue.path), expected: expectedOf(issue), found };
}

/**
 * Parse `input` with `schema` into a frozen value, or throw for its first issue, naming `source`, the field, what was
 * expected and what was found. `make` builds the error a caller's module throws (default InvalidSettingError).
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, source: string, make: (invalid: Invalid) => Error = (i) => new InvalidSettingError(i)): Readonly<z.output<S>> {
  const r = schema.safeParse(input);
  if (!r.success) throw make(firstInvalid(r.error, input, source));
  return Object.freeze(r.data) as Readonly<z.output<S>>;
}
