// User-facing messages for invalid topologies, built in one place: each names the source (file), the path,
// what was expected and what was found.
import type { z } from "zod";

/** One problem in a topology: where it is and what is wrong. */
export interface Problem {
  /** Path inside the topology, e.g. `links[1].vlans[0].id`. */
  path: string;
  expected: string;
  found: string;
}

/** A topology failed validation; `problems` holds every finding, the message one line per finding. */
export class TopologyError extends Error {
  override readonly name = "TopologyError";
  constructor(
    readonly source: string,
    readonly problems: readonly Problem[],
    options?: ErrorOptions,
  ) {
    super(problems.map((p) => problemLine(source, p)).join("\n"), options);
  }
}

/** `<source> at <path>: expected <what>, got <found>`. */
export function problemLine(source: string, p: Problem): string {
  return `${source}${p.path ? ` at ${p.path}` : ""}: expected ${p.expected}, got ${p.found}`;
}

/** A path as written in messages: `hosts.dut.addresses["lan0.100"][0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** A found value as written in messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

/** The problems of a failed zod parse of `input`. */
export function zodProblems(error: z.ZodError, input: unknown): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        problems.push({ path: formatPath([...issue.path, key]), expected: "no such key (unknown keys are refused)", found: `unknown key ${JSON.stringify(key)}` });
      }
      continue;
    }
    const found = issue.code === "invalid_key" ? describe(issue.path.at(-1)) : describe(valueAt(input, issue.path));
    problems.push({ path: formatPath(issue.path), expected: expectedOf(issue), found });
  }
  return problems;
}

function expectedOf(issue: z.core.$ZodIssue): string {
  const custom = !/^(Invalid|Too (big|small)|Unrecognized)/.test(issue.message);
  if (custom) return issue.message.replace(/^expected /, "");
  if (issue.code === "too_small" || issue.code === "too_big") {
    const bound = issue.code === "too_small" ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
    if (issue.origin === "array") return `a list of ${bound} item(s)`;
    if (issue.origin === "string") return `a text of ${bound} character(s)`;
    return `a number ${issue.code === "too_small" ? ">=" : "<="} ${issue.code === "too_small" ? issue.minimum : issue.maximum}`;
  }
  if (issue.code === "invalid_type") {
    const names: Record<string, string> = { object: "a mapping", array: "a list", string: "a string", number: "a number", boolean: "true or false" };
    return names[issue.expected] ?? issue.expected;
  }
  if (issue.code === "invalid_key") return expectedOf(issue.issues[0] as z.core.$ZodIssue);
  return issue.message;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
