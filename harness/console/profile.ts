// The screen profile: where a firmware draws the LCD, indicators, LEDs and MAC on its VT100 screen (plain data).
import { validate } from "../../netns/util/validate.ts";
import { z } from "zod";

const cell = z.object({ row: z.number().int().min(1), col: z.number().int().min(1) }).strict();
const secretRule = z.object({ line: z.union([z.literal(0), z.literal(1)]), startsWith: z.string().min(1) }).strict();

/** Schema of a screen profile; all rows and columns are 1-based, as in CSI r;c H. */
export const ScreenProfileSchema = z
  .object({
    name: z.string().min(1),
    cols: z.number().int().min(20).max(500),
    rows: z.number().int().min(2).max(200),
    /** Top-left cell of LCD line 1 and line 2 text; each line is `width` characters. */
    lcd: z.object({ lines: z.tuple([cell, cell]), width: z.number().int().min(1) }).strict(),
    /** Navigation indicator slots: first cell, then one slot per character of `order`; `off` marks an absent key. */
    nav: cell.extend({ order: z.string().length(5), off: z.string().length(1) }).strict(),
    /** Each LED is lit when its cell shows `lit`. */
    leds: z.object({ s1: cell, s2: cell, s3: cell, lit: z.string().length(1) }).strict(),
    /** The MAC line: `prefix` at the cell, then the address. */
    mac: cell.extend({ prefix: z.string() }).strict(),
    /** LCD states whose entry field is secret (masked in everything written). */
    secretFields: z.array(secretRule),
    /** Serial line settings the firmware uses. */
    line: z
      .object({
        baudRate: z.number().int().positive(),
        dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]),
        parity: z.enum(["none", "even", "odd", "mark", "space"]),
        stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
      })
      .strict(),
    /** Timing of the firmware's redraws, in characters at the line rate. */
    redraw: z
      .object({
        /** Silence (in character times) after which a redraw counts as finished. */
        quietChars: z.number().positive(),
        /** Bytes of a typical full LCD redraw (sizes the "nothing changes" window). */
        typicalBytes: z.number().int().positive(),
        /** Extra latency allowed on top of the wire time, ms (USB adapters, scheduling). */
        latencyMs: z.number().nonnegative(),
      })
      .strict(),
  })
  .strict();

/** A validated screen profile. */
export type ScreenProfile = Readonly<z.infer<typeof ScreenProfileSchema>>;

/** Validate a profile once at the boundary; the error names the profile and the field. */
export function defineProfile(input: unknown, source = "profile"): ScreenProfile {
  return validate(ScreenProfileSchema, input, `screen profile in ${source}`);
}

/** Milliseconds one character takes on the wire (start bit + data + parity + stop bits). */
export function charTimeMs(line: ScreenProfile["line"]): number {
  const bits = 1 + line.dataBits + (line.parity === "none" ? 0 : 1) + line.stopBits;
  return (bits * 1000) / line.baudRate;
}
