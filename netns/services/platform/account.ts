// The account a platform keeps across labs: the appliances it registered (activation, ID, code, the settings the
// portal made, reported versions) and the subscription's syslog forwarding, in one JSON file written atomically.
// A real platform's account outlives any lab; a lab given an account file starts from it and writes every change.
import { mkdirSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../../util/atomic.ts";
import { dirname } from "node:path";
import { z } from "zod";
import type { SyslogForwarding } from "./api.ts";
import { PlatformError } from "./messages.ts";
import type { ApplianceRecord } from "./registry.ts";
import { parseIpv6, parseRoutes, parseSyslog, parseVlans } from "./settings.ts";
import { fieldPath } from "./validate.ts";

/** The file inside an account directory. */
export const ACCOUNT_FILE = "account.json";

/** What an account keeps of an appliance: its record without the heartbeats (those belong to one lab's run). */
export type AccountAppliance = Omit<ApplianceRecord, "heartbeats">;

/** The persisted account. */
export interface Account {
  version: 1;
  appliances: AccountAppliance[];
  syslog: SyslogForwarding;
}

const digits = (n: number) => z.string({ error: `${n} digits` }).regex(new RegExp(`^[0-9]{1,${n}}$`), `up to ${n} digits`);
const time = z.number({ error: "milliseconds since the epoch" }).int("milliseconds since the epoch").min(0, "milliseconds since the epoch");
const versions = z.strictObject({ software: z.string().min(1), signatures: z.string().min(1) }, { error: "{software, signatures}" });
const text = z.string({ error: "a text" });
const applianceSchema = z.strictObject({
  id: digits(20),
  serial: z.string({ error: "a serial number" }).regex(/^[A-Za-z0-9-]{1,32}$/, "a serial number of 1-32 letters, digits or -"),
  mac: z.string({ error: "a MAC address" }).regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, "a lower-case MAC address like 00:50:56:b3:0b:89"),
  activationCode: digits(12),
  registeredAt: time,
  model: text.optional(),
  name: text.optional(),
  owner: text.optional(),
  activatedAt: time.optional(),
  lanIpv4: text.optional(),
  lanIpv6: text.optional(),
  consoleVlan: z.number({ error: "an integer 0-4094" }).int().min(0).max(4094).optional(),
  versions: versions.optional(),
  latest: versions,
  pollIntervalSeconds: z.number({ error: "seconds > 0" }).gt(0, "seconds > 0"),
  enabled: z.boolean({ error: "true or false" }),
  // Checked below by the portal's own rules (settings.ts), so a hand-edited file cannot smuggle in what the portal refuses.
  vlans: z.unknown(),
  staticRoutes: z.unknown(),
  ipv6Scanning: z.unknown(),
});
const accountSchema = z.strictObject({
  version: z.literal(1, { error: "1" }),
  appliances: z.array(applianceSchema, { error: "a list of appliances" }),
  syslog: z.unknown(),
});

/** The account file is unreadable or not an account; the message names the file, the field, expected and found. */
export class AccountError extends Error {
  override readonly name = "AccountError";
}

const shown = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v)?.slice(0, 80) ?? String(v));

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur = input;
  for (const k of path) cur = cur !== null && typeof cur === "object" ? (cur as Record<PropertyKey, unknown>)[k] : undefined;
  return cur;
}

/** Validate a parsed account; errors name `file`, the field, what was expected and what was found. */
export function parseAccount(input: unknown, file: string): Account {
  const result = accountSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? "?"] : issue.path;
    const expected = issue.code === "unrecognized_keys" ? "absent (not a known field)" : issue.message;
    throw new AccountError(`Expected \`${fieldPath(path)}\` to be ${expected}, got ${shown(valueAt(input, path))} in platform account ${file}`);
  }
  const settings = <T>(field: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      if (error instanceof PlatformError) throw new AccountError(`${error.message.replace(/ in request$/, "")} at ${field} in platform account ${file}`, { cause: error });
      throw error;
    }
  };
  const appliances = result.data.appliances.map((a, i) => {
    const at = `appliances[${i}]`;
    return {
      ...a,
      vlans: settings(`${at}.vlans`, () => parseVlans(a.vlans, a.serial)),
      staticRoutes: settings(`${at}.staticRoutes`, () => parseRoutes(a.staticRoutes)),
      ipv6Scanning: settings(`${at}.ipv6Scanning`, () => parseIpv6(a.ipv6Scanning)),
    } as AccountAppliance;
  });
  const ids = appliances.map((a) => a.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new AccountError(`Expected \`appliances[].id\` to be unique, got ${twice} twice in platform account ${file}`);
  return { version: 1, appliances, syslog: settings("syslog", () => parseSyslog(result.data.syslog)) };
}

/** Read the account in `file`; undefined when there is none yet (a new account). */
export function loadAccount(file: string): Account | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new AccountError(`Cannot read platform account ${file}: ${(error as Error).message}`, { cause: error });
  }
  let input: unknown;
  try {
    input = JSON.parse(raw);
  } catch (error) {
    throw new AccountError(`Expected JSON in platform account ${file}: ${(error as Error).message}`, { cause: error });
  }
  return parseAccount(input, file);
}

/** Writes the account to one file: whole (temporary file, fsync, rename), and only when it changed. */
export class AccountFile {
  private last: string | undefined;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  }

  /** Write `account` unless the file already holds exactly it. A reader never sees a half-written file. */
  save(account: Account): void {
    const text = `${JSON.stringify(account, null, 1)}\n`;
    if (text === this.last) return;
    try {
      writeFileAtomic(this.file, text);
    } catch (error) {
      throw new AccountError(`Cannot write platform account ${this.file}: ${(error as Error).message}`, { cause: error });
    }
    this.last = text;
  }
}
