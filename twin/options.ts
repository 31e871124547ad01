// The twin's command line: parsed once into a typed, frozen options object (zod, strict).
import { z } from "zod";
import { DEFECT_NAMES, type DefectName } from "./defects.ts";
import { usageError } from "./errors.ts";

/** Validated twin options. */
export interface TwinOptions {
  readonly console: string;
  readonly netns: string | undefined;
  readonly state: string;
  readonly model: "current" | "legacy";
  readonly timeScale: number;
  readonly pace: boolean;
  /** Scale of the serial line's pacing (default: the time scale); 1 = the real 9600 baud. */
  readonly lineScale: number;
  readonly defects: ReadonlySet<DefectName>;
  readonly mac: string;
  readonly platformUrl: string | undefined;
  /** The platform emulator's endpoint.json (url + CA), preferred over --platform-url. */
  readonly platformEndpoint: string | undefined;
  /** The CA the firmware trusts (a box's own configuration): the platform is then reached by its fixed URL
   *  (PLATFORM_URL, or --platform-url), resolved by whatever DNS the network gives. */
  readonly platformCa: string | undefined;
  /** Serial number sent to the platform with the MAC. */
  readonly serial: string;
  readonly control: string | undefined;
  /** Start with the power off (a box on a PDU outlet that is off): boots only on `power on` (needs --control). */
  readonly startOff: boolean;
  /** The process the twin belongs to: once it is gone the twin ends too (a twin its owner died before recording). */
  readonly owner: number | undefined;
}

const schema = z
  .object({
    console: z.string().min(1, "a path for the console PTY link"),
    netns: z.string().regex(/^[A-Za-z0-9_.-]+$/, "a network namespace name").optional(),
    state: z.string().min(1, "a state directory"),
    model: z.enum(["current", "legacy"]).default("current"),
    timeScale: z.number().positive("a number > 0").max(1000).default(1),
    pace: z.boolean().default(true),
    lineScale: z.number().positive("a number > 0").max(1000).optional(),
    defects: z.array(z.enum(DEFECT_NAMES as unknown as [DefectName, ...DefectName[]])).default([]),
    mac: z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, "a MAC address like 00:50:56:aa:bb:cc").optional(),
    platformUrl: z.url({ protocol: /^https?$/ }).optional(),
    platformEndpoint: z.string().min(1, "a path to the platform's endpoint.json").optional(),
    platformCa: z.string().min(1, "a path to a CA certificate (PEM)").optional(),
    serial: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, "1-32 of A-Za-z0-9-").default("30512"),
    control: z.string().min(1).optional(),
    startOff: z.boolean().default(false),
    owner: z.number().int("a process id").positive("a process id").optional(),
  })
  .strict();

const FLAGS: Record<string, { key: string; kind: "string" | "number" | "flag" | "list" }> = {
  "--console": { key: "console", kind: "string" },
  "--netns": { key: "netns", kind: "string" },
  "--state": { key: "state", kind: "string" },
  "--model": { key: "model", kind: "string" },
  "--time-scale": { key: "timeScale", kind: "number" },
  "--no-pace": { key: "pace", kind: "flag" },
  "--line-scale": { key: "lineScale", kind: "number" },
  "--defect": { key: "defects", kind: "list" },
  "--mac": { key: "mac", kind: "string" },
  "--platform-url": { key: "platformUrl", kind: "string" },
  "--platform-endpoint": { key: "platformEndpoint", kind: "string" },
  "--platform-ca": { key: "platformCa", kind: "string" },
  "--serial": { key: "serial", kind: "string" },
  "--control": { key: "control", kind: "string" },
  "--off": { key: "startOff", kind: "flag" },
  "--owner": { key: "owner", kind: "number" },
};

/** The platform's fixed URL, as firmware has it built in (resolved by the DNS the network gives). */
export const PLATFORM_URL = "https://qualysguard.qualys.test";

/** The usage line printed with argument errors. */
export const USAGE =
  "usage: tsx twin/main.ts --console PATH --state DIR [--netns NS] [--model current|legacy] [--time-scale X] " +
  "[--no-pace] [--line-scale X] [--defect NAME]... [--mac MAC] [--platform-url URL] [--platform-endpoint FILE] [--platform-ca FILE] [--serial S] [--control SOCK] [--off] [--owner PID]\n" +
  "       tsx twin/main.ts --list-defects   (the names --defect takes, one a line)";

/** A MAC derived from the state directory path, stable across restarts (locally administered). */
function defaultMac(state: string): string {
  let h = 2166136261;
  for (const c of state) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const b = [0x02, 0x51, (h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255];
  return b.map((x) => x.toString(16).padStart(2, "0")).join(":");
}

/** Parse argv (without node/script) into TwinOptions; throws an Error whose message names the bad option. */
export function parseOptions(argv: readonly string[]): TwinOptions {
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = FLAGS[arg];
    if (!flag) throw usageError(`unknown option '${arg}'`);
    if (flag.kind === "flag") {
      raw[flag.key] = flag.key === "startOff"; // --no-pace turns pacing off; --off starts powered off
      continue;
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith("--")) throw usageError(`expected a value after ${arg}, got ${value ?? "nothing"}`);
    if (flag.kind === "number") {
      const n = Number(value);
      if (!Number.isFinite(n)) throw usageError(`expected ${arg} to be a number, got '${value}'`);
      raw[flag.key] = n;
    } else if (flag.kind === "list") {
      ((raw[flag.key] ??= []) as string[]).push(value);
    } else {
      if (raw[flag.key] !== undefined) throw usageError(`${arg} given twice`);
      raw[flag.key] = value;
    }
  }
  for (const [flag, key] of [["--console", "console"], ["--state", "state"]] as const) {
    if (raw[key] === undefined) throw usageError(`missing required option ${flag} (${key === "console" ? "the PTY link path" : "the state directory"})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? "");
    const name = Object.entries(FLAGS).find(([, f]) => f.key === key)?.[0] ?? key;
    const got = issue.path.length ? JSON.stringify(issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown>)?.[k as PropertyKey], raw)) : "";
    const expected = issue.code === "invalid_value" && "values" in issue ? `one of ${(issue.values as unknown[]).join(", ")}` : issue.message;
    throw usageError(`expected ${name} to be ${expected}, got ${got ?? "nothing"}`);
  }
  const o = parsed.data;
  if (o.startOff && !o.control) throw usageError("--off needs --control (the only way to power the box on)");
  if (o.platformCa && o.platformEndpoint) throw usageError("--platform-ca and --platform-endpoint exclude each other (the endpoint names its own CA)");
  return Object.freeze({
    console: o.console,
    netns: o.netns,
    state: o.state,
    model: o.model,
    timeScale: o.timeScale,
    pace: o.pace,
    lineScale: o.lineScale ?? o.timeScale,
    defects: new Set(o.defects),
    mac: o.mac ?? defaultMac(o.state),
    platformUrl: o.platformUrl,
    platformEndpoint: o.platformEndpoint,
    platformCa: o.platformCa,
    serial: o.serial,
    control: o.control,
    startOff: o.startOff,
    owner: o.owner,
  });
}
