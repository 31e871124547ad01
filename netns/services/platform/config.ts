// The emulator's config file (JSON): validated once, strictly, into a frozen object.
import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { z } from "zod";
import { badConfig } from "./messages.ts";
import { fieldPath, hostname } from "./validate.ts";

const path = z.string({ error: "an absolute file path" }).regex(/^\//, "an absolute file path");
const version = z.string({ error: "a version like 6.7.20-1" }).regex(/^[0-9]+(\.[0-9]+)*-[0-9]+$/, "a version like 6.7.20-1");

/** Schema of the config file (strict: unknown keys are errors). */
export const configSchema = z.strictObject({
  /** DNS names the platform answers as (the server cert carries them). */
  platformNames: z.array(z.string().refine(hostname, "a DNS host name"), { error: "a list of DNS host names" }).min(1, "at least one DNS host name"),
  /** Every address appliances may poll (IPv4 and/or IPv6: IPv6-only appliances poll over IPv6). */
  listen: z.strictObject({
    addresses: z.array(z.string({ error: "an IP address" }).refine((s) => isIP(s) !== 0, "an IP address"), { error: "a list of IP addresses" }).min(1, "at least one IP address"),
    port: z.number({ error: "a port 1-65535" }).int("a port 1-65535").min(1, "a port 1-65535").max(65535, "a port 1-65535").default(443),
  }),
  portalSocket: path,
  pidFile: path,
  readyFile: path,
  tls: z.strictObject({ cert: path, key: path, untrustedCert: path, untrustedKey: path }),
  /** End when this process is gone (the launcher's pid), so a crashed test run leaks no emulator. */
  ownerPid: z.number({ error: "a process id" }).int("a process id").min(1, "a process id").optional(),
  seed: z.string({ error: "a text" }).min(1, "a non-empty text").default("hil-platform"),
  pollIntervalSeconds: z.number({ error: "seconds > 0" }).gt(0, "seconds > 0").max(86400, "seconds <= 86400").default(180),
  offlineAfterMissed: z.number({ error: "an integer >= 1" }).int("an integer >= 1").min(1, "an integer >= 1").default(2),
  scanCapacityPercent: z.number({ error: "a percentage 1-100" }).int("an integer 1-100").min(1, "a percentage 1-100").max(100, "a percentage 1-100").default(18),
  /** The account that outlives the lab (account.ts): appliances and settings loaded at start, written on every change. */
  accountFile: path.optional(),
  latest: z.strictObject({ software: version, signatures: version }).default({ software: "6.7.20-1", signatures: "2.2.245-2" }),
});

/** The validated emulator config. */
export type PlatformConfig = Readonly<z.output<typeof configSchema>>;
/** What a caller writes into the config file (defaults may be left out). */
export type PlatformConfigInput = z.input<typeof configSchema>;

/** Validate a parsed config object; errors name the file, the field, what was expected and what was found. */
export function parseConfig(input: unknown, file: string): PlatformConfig {
  const result = configSchema.safeParse(input);
  if (result.success) return Object.freeze(result.data);
  const issue = result.error.issues[0]!;
  const keyPath = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? "?"] : issue.path;
  let found: unknown = input;
  for (const k of keyPath) found = found && typeof found === "object" ? (found as Record<PropertyKey, unknown>)[k] : undefined;
  const expected = issue.code === "unrecognized_keys" ? "absent (not a known field)" : issue.message;
  throw badConfig(file, fieldPath(keyPath), expected, found);
}

/** Read and validate the config file. */
export async function loadConfig(file: string): Promise<PlatformConfig> {
  const text = await readFile(file, "utf8").catch((error: Error) => {
    throw new Error(`Cannot read platform config ${file}: ${error.message}`, { cause: error });
  });
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new Error(`Expected JSON in platform config ${file}: ${(error as Error).message}`, { cause: error });
  }
  return parseConfig(input, file);
}
