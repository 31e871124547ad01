// User-facing error messages of lab services and faults, built in one place.
import type { ZodError } from "zod";

/** A lab service or fault failed; the message says which, where, and why. */
export class ServiceError extends Error {
  override readonly name = "ServiceError";
}

/** Options of `kind` failed validation: one line per issue, naming the field, what was expected and what was found. */
export function invalidOptions(kind: string, where: string, error: ZodError, input: unknown): ServiceError {
  const lines = error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join(".") : "(options)";
    const secret = issue.path.some((key) => /pass/i.test(String(key)));
    const got = secret ? "(a secret, not shown)" : describeValue(valueAt(input, issue.path));
    return `  ${path}: ${issue.message}, got ${got}`;
  });
  return new ServiceError(`Invalid ${kind} options in ${where}:\n${lines.join("\n")}`, { cause: error });
}

/** The service process exited (or never became ready) during start. */
export function startFailed(kind: string, ns: string, reason: string, logTail: string, cause?: unknown): ServiceError {
  const tail = logTail.trim() ? `\nlast log lines:\n${logTail.trim()}` : "\n(log is empty)";
  return new ServiceError(`Could not start ${kind} in namespace ${ns}: ${reason}${tail}`, cause ? { cause } : undefined);
}

/** A fault could not be applied. */
export function faultFailed(what: string, reason: string, cause?: unknown): ServiceError {
  return new ServiceError(`Could not apply fault "${what}": ${reason}`, cause ? { cause } : undefined);
}

/** A required program is missing from this host. */
export function missingProgram(program: string, purpose: string): ServiceError {
  return new ServiceError(`Program ${program} is required for ${purpose} but was not found`);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text && text.length > 60 ? `${text.slice(0, 57)}...` : (text ?? String(value));
}

/** A service was asked to bind to an interface its namespace does not have. */
export function missingInterface(kind: string, ns: string, ifname: string, present: readonly string[]): ServiceError {
  return new ServiceError(`Cannot start ${kind}: interface ${ifname} does not exist in namespace ${ns} (it has: ${present.join(", ") || "none"})`);
}

/** The ServiceContext handed to a start function is unusable. */
export function badContext(kind: string, field: string, expected: string, got: string): ServiceError {
  return new ServiceError(`Cannot start ${kind}: expected ctx.${field} to be ${expected}, got ${JSON.stringify(got)}`);
}
