// User-facing error messages of the twin's network modules (one place; the cause is kept).

/** Thrown for bad input at a boundary: names where, what was expected and what was found. */
export class NetInputError extends Error {
  override readonly name = "NetInputError";
}

const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : v === undefined ? "nothing" : JSON.stringify(v));

/** `where` (file or object) field `field`: expected `expected`, got `found`. */
export function badInput(where: string, field: string, expected: string, found: unknown): NetInputError {
  return new NetInputError(`${where}${field ? ` field ${field}` : ""}: expected ${expected}, got ${show(found)}`);
}

/** A network tool failed where the twin cannot go on. */
export function toolFailed(what: string, stderr: string, cause?: unknown): Error {
  return new Error(`twin network: ${what} failed: ${stderr.trim() || "(no output)"}`, cause ? { cause } : undefined);
}
