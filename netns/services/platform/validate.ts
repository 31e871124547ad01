// Input validation helpers: address predicates and zod parsing that fails with a field/expected/found message.
import { isIPv4, isIPv6 } from "node:net";
import type { z } from "zod";
import { addressValue, parseCidr, type Cidr } from "../../topology/cidr.ts";
import { badField } from "./messages.ts";

/** "vlans[3].id" from a zod issue path. */
export function fieldPath(path: readonly PropertyKey[], prefix = ""): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "(body)";
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Parse `input` with `schema`; on failure throw badField for the first issue (field, expected, found). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where = "request", prefix = ""): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "?";
    const path = [...issue.path, key];
    throw badField(fieldPath(path, prefix), "absent (not a known field)", valueAt(input, path), where);
  }
  // zod's own wording ("Invalid input: expected object, received undefined") becomes a plain expectation.
  const expected = issue.code === "invalid_type" && issue.message.startsWith("Invalid input")
    ? (issue.expected === "object" ? "a JSON object" : `a value of type ${issue.expected}`)
    : issue.message;
  throw badField(fieldPath(issue.path, prefix), expected, valueAt(input, issue.path), where);
}

/** A dotted-quad IPv4 address. */
export const ipv4 = (s: string): boolean => isIPv4(s);

/** An IPv6 address, expanded or compressed (manual: both formats are supported). */
export const ipv6 = (s: string): boolean => isIPv6(s);

/** "a.b.c.d/len" with len 0-32 (host bits may be set), or undefined (arithmetic: netns/topology/cidr.ts, ipaddr.js). */
export function parseIpv4Cidr(s: string): Cidr | undefined {
  const c = parseCidr(s);
  return c?.family === 4 ? c : undefined;
}

/** A DNS host name (RFC 1123 labels, at most 253 characters). */
export function hostname(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  return s
    .replace(/\.$/, "")
    .split(".")
    .every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}

/** A scan target: IPv4/IPv6 address, IPv4 CIDR, or an IPv4 range "a-b". */
export function scanTarget(s: string): boolean {
  if (isIPv4(s) || isIPv6(s) || parseIpv4Cidr(s)) return true;
  const range = /^([0-9.]+)-([0-9.]+)$/.exec(s);
  return !!range && isIPv4(range[1]!) && isIPv4(range[2]!) && addressValue(range[1]!) <= addressValue(range[2]!);
}
