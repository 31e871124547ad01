// User-facing error messages of the twin's network modules (one place; the cause is kept).
import { foundOf, invalidMessage } from "../../netns/util/validate.ts";

/** Thrown for bad input at a boundary: names where, what was expected and what was found. */
export class NetInputError extends Error {
  override readonly name = "NetInputError";
}

/** `Invalid <where> at <field>: expected <expected>, found <found>` (the settings' one format, netns/util/validate.ts). */
export function badInput(where: string, field: string, expected: string, found: unknown): NetInputError {
  return new NetInputError(invalidMessage({ source: where, field, expected, found: foundOf(found) }));
}

/** A network tool failed where the twin cannot go on. */
export function toolFailed(what: string, stderr: string, cause?: unknown): Error {
  return new Error(`twin network: ${what} failed: ${stderr.trim() || "(no output)"}`, cause ? { cause } : undefined);
}
