// Console.open options: validated once at the boundary into a frozen object.
import { InvalidSettingError, validate } from "../../netns/util/validate.ts";
import { z } from "zod";
import { ScreenProfileSchema, type ScreenProfile } from "./profile.ts";
import { serialOptions, type SerialOptions } from "./serial.ts";

const OpenSchema = z
  .object({
    /** Device name used in every message (e.g. "twin-1", "lab3-appliance-a"). */
    name: z.string().min(1),
    /** tty or PTY path. */
    path: z.string().min(1),
    serial: z.record(z.string(), z.unknown()).optional(),
    profile: z.unknown(),
    /** Write `<dir>/<name>.cast` and `<dir>/<name>.screens.txt`. */
    transcript: z.object({ dir: z.string().min(1) }).strict().optional(),
    /** Secret values (proxy passwords) scrubbed from everything written. */
    secrets: z.array(z.string()).optional(),
    /** Default deadline for one key's effect, ms. */
    keyTimeoutMs: z.number().positive().default(3000),
    /** Silence that ends a redraw, ms; overrides the profile's redraw.quietChars (e.g. an unpaced twin). */
    settleMs: z.number().positive().optional(),
  })
  .strict();

/** What Console.open takes (validated at run time too; unknown keys are rejected). */
export interface ConsoleOpenInput {
  name: string;
  path: string;
  profile: ScreenProfile;
  serial?: { baudRate?: number; dataBits?: 5 | 6 | 7 | 8; parity?: "none" | "even" | "odd" | "mark" | "space"; stopBits?: 1 | 1.5 | 2; quietMs?: number | null; watchMs?: number | null };
  transcript?: { dir: string };
  secrets?: string[];
  keyTimeoutMs?: number;
  settleMs?: number;
}

/** Validated console options. */
export interface ConsoleOptions {
  readonly name: string;
  readonly path: string;
  readonly serial: SerialOptions;
  readonly profile: ScreenProfile;
  readonly transcript: { readonly dir: string } | undefined;
  readonly secrets: readonly string[];
  readonly keyTimeoutMs: number;
  readonly settleMs: number | undefined;
}

/** Validate Console.open input; the message names the option, what was expected and what was got. */
export function consoleOptions(input: unknown): ConsoleOptions {
  const r = { data: validate(OpenSchema, input, "Console.open options") };
  const profile = { data: validate(ScreenProfileSchema, r.data.profile, "Console.open options", (i) => new InvalidSettingError({ ...i, field: i.field ? `profile.${i.field}` : "profile" })) };
  return Object.freeze({
    name: r.data.name,
    path: r.data.path,
    serial: serialOptions({ ...lineOf(profile.data), ...(r.data.serial ?? {}) }),
    profile: profile.data,
    transcript: r.data.transcript ? Object.freeze({ ...r.data.transcript }) : undefined,
    secrets: Object.freeze([...(r.data.secrets ?? [])]),
    keyTimeoutMs: r.data.keyTimeoutMs,
    settleMs: r.data.settleMs,
  });
}

function lineOf(p: ScreenProfile) {
  return { baudRate: p.line.baudRate, dataBits: p.line.dataBits, parity: p.line.parity, stopBits: p.line.stopBits };
}

/** A file-name-safe form of the device name. */
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, "_");
}
