// Screen profile of the twin (and the screen contract it renders): 80x24 VT100, LCD boxed at row 3, col 3.
import { defineProfile } from "../profile.ts";

/** The twin's layout: LCD text rows 4-5 from col 4 (20 chars), indicators `E<>^v` at row 4 col 27, LEDs row 8, MAC row 10. */
export const twinProfile = defineProfile(
  {
    name: "twin",
    cols: 80,
    rows: 24,
    lcd: { lines: [{ row: 4, col: 4 }, { row: 5, col: 4 }], width: 20 },
    nav: { row: 4, col: 27, order: "E<>^v", off: "." },
    leds: { s1: { row: 8, col: 7 }, s2: { row: 8, col: 13 }, s3: { row: 8, col: 19 }, lit: "*" },
    mac: { row: 10, col: 4, prefix: "MAC " },
    secretFields: [{ line: 0, startsWith: "PROXY PASSW" }],
    line: { baudRate: 9600, dataBits: 8, parity: "none", stopBits: 2 },
    // The twin paces output in timer ticks of 4 ms or more: 10 character times (11.5 ms) of silence end a redraw.
    // A key's first byte of redraw may take its processing time (12 ms) plus scheduling: latency allowance 100 ms.
    redraw: { quietChars: 10, typicalBytes: 96, latencyMs: 100 },
  },
  "harness/console/profiles/twin.ts",
);
