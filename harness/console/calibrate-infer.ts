// Screen profile inference (pure): from three screens of a live console taken at a known state (the home screen, the
// main menu at SETUP NETWORK, and the next menu option), where the firmware draws the LCD, indicators, LEDs and MAC.
import type { ScreenProfile } from "./profile.ts";

/** One captured screen: its rows (text) and how many bytes the redraw that produced it took. */
export interface Capture {
  rows: readonly string[];
  bytes: number;
}

/** The three screens calibration captures (manual: "The first menu option displayed is SETUP NETWORK"). */
export interface Captures {
  /** Home: SCANNER APPLIANCE NAME-IP ADDRESS, ACTIVATION CODE or a message, with ENTER leading to the main menu. */
  home: Capture;
  /** After ENTER: the main menu at SETUP NETWORK. */
  menu: Capture;
  /** After DOWN: the next main menu option. */
  next: Capture;
}

/** Settings the screens cannot show. */
export interface InferOptions {
  name: string;
  cols: number;
  rows: number;
  line: ScreenProfile["line"];
  /** LCD line width when the screens show no border after the text (default 20). */
  width?: number;
  /** Character of a lit LED when no LED is lit on the screens (default "*"). */
  ledLit?: string;
  /** Key-to-first-byte latency seen while calibrating, ms (sizes the profile's latency allowance). */
  latencyMs?: number;
}

/** The inferred profile (plain data, validated by the caller) and what was assumed rather than seen. */
export interface Inference {
  profile: ScreenProfile;
  notes: string[];
}

/** The screens do not show what calibration needs; the message says what was looked for and shows the screens. */
export class CalibrationError extends Error {
  override readonly name = "CalibrationError";
}

const FIRST_OPTION = "SETUP NETWORK";
const NAV_SYMBOLS = "E<>^v";
const MAC_RE = /[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}/;

const show = (c: Capture) => c.rows.map((r) => `  |${r.trimEnd()}`).filter((r, i, all) => r !== "  |" || (i > 0 && all[i - 1] !== "  |")).join("\n");

/** Where the LCD's first line starts: where SETUP NETWORK appears on the menu screen (0-based). */
function lcdLine1(c: Captures): { row: number; col: number } {
  for (const [row, text] of c.menu.rows.entries()) {
    const col = text.indexOf(FIRST_OPTION);
    if (col >= 0) return { row, col };
  }
  throw new CalibrationError(`Calibration: expected the main menu screen to show ${FIRST_OPTION} (the manual's first menu option), but it shows:\n${show(c.menu)}`);
}

const at = (c: Capture, row: number, col: number) => c.rows[row]?.[col] ?? " ";
const all = (c: Captures) => [c.home, c.menu, c.next];

/** The LCD width: up to a border character drawn in the same place on both LCD rows of every screen. */
function lcdWidth(c: Captures, col: number, rows: readonly number[], o: InferOptions, notes: string[]): number {
  for (let w = FIRST_OPTION.length; col + w < o.cols && w <= 40; w++) {
    const border = rows.every((row) => {
      const ch = at(c.menu, row, col + w);
      return ch !== " " && all(c).every((s) => at(s, row, col + w) === ch);
    });
    if (border) return w;
  }
  notes.push(`LCD width: no border drawn after the LCD text; assumed ${o.width ?? 20} characters (give --width to change)`);
  return o.width ?? 20;
}

/** LCD line 2: the row (other than line 1) whose LCD columns change between the home screen and the menu. */
function lcdLine2(c: Captures, line1: { row: number; col: number }, width: number, notes: string[]): number {
  const span = (s: Capture, row: number) => (s.rows[row] ?? "").slice(line1.col, line1.col + width);
  const changed = c.home.rows
    .map((_, row) => row)
    .filter((row) => row !== line1.row && span(c.home, row).trim() !== "" && span(c.home, row) !== span(c.menu, row))
    .sort((a, b) => Math.abs(a - line1.row) - Math.abs(b - line1.row));
  if (changed.length) return changed[0]!;
  notes.push("LCD line 2: the home screen showed nothing on a second line; assumed the row below line 1");
  return line1.row + 1;
}

/** The navigation indicators: cells outside the LCD that switch between a symbol and the "off" character. */
function navigation(c: Captures, inLcd: (row: number, col: number) => boolean, notes: string[]): ScreenProfile["nav"] {
  const pairs: [Capture, Capture][] = [[c.home, c.menu], [c.menu, c.next]];
  const symbols = new Map<string, { row: number; col: number; symbol: string; off: string }>();
  for (const [a, b] of pairs) {
    for (let row = 0; row < Math.max(a.rows.length, b.rows.length); row++) {
      const ra = a.rows[row] ?? "";
      const rb = b.rows[row] ?? "";
      for (let col = 0; col < Math.max(ra.length, rb.length); col++) {
        const x = ra[col] ?? " ";
        const y = rb[col] ?? " ";
        if (x === y || inLcd(row, col)) continue;
        const lit = NAV_SYMBOLS.includes(x) ? x : NAV_SYMBOLS.includes(y) ? y : undefined;
        const off = lit === x ? y : x;
        if (lit && !NAV_SYMBOLS.includes(off)) symbols.set(`${row}:${col}`, { row, col, symbol: lit, off });
      }
    }
  }
  const found = [...symbols.values()];
  if (!found.length) {
    throw new CalibrationError(`Calibration: expected navigation indicators (${NAV_SYMBOLS.split("").join(" ")}) to change between the home screen and the menu, or between the first two menu options, outside the LCD; none did. Menu screen:\n${show(c.menu)}`);
  }
  // The row where most cells switch (a stray change elsewhere, e.g. a clock, does not win).
  const perRow = new Map<number, number>();
  for (const f of found) perRow.set(f.row, (perRow.get(f.row) ?? 0) + 1);
  const row = [...perRow].sort((a, b) => b[1] - a[1])[0]![0];
  const off = found.find((f) => f.row === row)!.off;
  const known = new Map(found.filter((f) => f.row === row).map((f) => [f.col, f.symbol]));
  // ENTER is offered on all three screens: a constant E next to the switching cells is its slot.
  for (let col = Math.min(...known.keys()) - 4; col <= Math.max(...known.keys()) + 4; col++) {
    if (!known.has(col) && all(c).every((s) => at(s, row, col) === "E") && !inLcd(row, col)) known.set(col, "E");
  }
  const cols = [...known.keys()];
  const lo = Math.max(...cols) - 4;
  const hi = Math.min(...cols);
  for (let start = hi; start >= lo; start--) {
    const window = [0, 1, 2, 3, 4].map((i) => start + i);
    if (!cols.every((col) => window.includes(col))) continue;
    if (!window.every((col) => known.has(col) || all(c).every((s) => at(s, row, col) === off))) continue;
    const unseen = [...NAV_SYMBOLS].filter((s) => ![...known.values()].includes(s));
    const order = window.map((col) => known.get(col) ?? unseen.shift()!).join("");
    const guessed = window.filter((col) => !known.has(col)).map((col) => order[col - start]);
    if (guessed.length) notes.push(`Navigation indicators: ${guessed.join(" ")} never lit on these screens; their slots assumed in the manual's order (ENTER, LEFT, RIGHT, UP, DOWN)`);
    return { row: row + 1, col: start + 1, order, off };
  }
  throw new CalibrationError(`Calibration: the navigation indicators on row ${row + 1} (${[...known].map(([col, s]) => `${s} at column ${col + 1}`).join(", ")}) are not five adjacent slots. Menu screen:\n${show(c.menu)}`);
}

/** The S1/S2/S3 LEDs: the cell after each label (inside brackets when it has them). */
function leds(c: Captures, o: InferOptions, notes: string[]): ScreenProfile["leds"] {
  const cells: { row: number; col: number }[] = [];
  for (const n of [1, 2, 3]) {
    const re = new RegExp(`(?<![A-Za-z0-9])S${n}(?![0-9])`);
    const row = c.menu.rows.findIndex((r) => re.test(r));
    if (row < 0) throw new CalibrationError(`Calibration: expected the LED label S${n} (manual: "Tell me about the LEDs") on the screen; not found. Menu screen:\n${show(c.menu)}`);
    let col = re.exec(c.menu.rows[row]!)!.index + 2;
    if (":=".includes(at(c.menu, row, col))) col++;
    if ("[({<".includes(at(c.menu, row, col))) col++;
    cells.push({ row, col });
  }
  const litSeen = all(c).flatMap((s) => cells.map((cell) => at(s, cell.row, cell.col))).find((ch) => ch !== " ");
  if (!litSeen) notes.push(`LEDs: none was lit on these screens; a lit LED assumed to show ${JSON.stringify(o.ledLit ?? "*")} (give --led-lit to change)`);
  const [s1, s2, s3] = cells.map((x) => ({ row: x.row + 1, col: x.col + 1 }));
  return { s1: s1!, s2: s2!, s3: s3!, lit: litSeen ?? o.ledLit ?? "*" };
}

/** The MAC line (manual: "You will notice the MAC address for the Scanner Appliance appears"): address and its label. */
function macLine(c: Captures): ScreenProfile["mac"] {
  for (const [row, text] of c.menu.rows.entries()) {
    const m = MAC_RE.exec(text);
    if (!m) continue;
    let start = m.index;
    while (start > 0 && text[start - 1] === " ") start--;
    while (start > 0 && text[start - 1] !== " " && text[start - 1] !== "|") start--;
    if (text.slice(start, m.index).trim() === "") start = m.index;
    return { row: row + 1, col: start + 1, prefix: text.slice(start, m.index) };
  }
  throw new CalibrationError(`Calibration: expected the appliance's MAC address (manual: "You will notice the MAC address for the Scanner Appliance appears") on the screen; none found. Menu screen:\n${show(c.menu)}`);
}

/** Infer a screen profile from the three captures; throws CalibrationError naming what is missing. */
export function inferProfile(c: Captures, o: InferOptions): Inference {
  const notes: string[] = [];
  const line1 = lcdLine1(c);
  if (c.next.rows[line1.row]?.slice(line1.col, line1.col + FIRST_OPTION.length) === FIRST_OPTION) {
    throw new CalibrationError(`Calibration: expected DOWN to move from ${FIRST_OPTION} to the next menu option, but the screen still shows ${FIRST_OPTION}:\n${show(c.next)}`);
  }
  // A box border closes both LCD rows; line 2 is looked for below line 1 first (found proper once the width is known).
  const width = lcdWidth(c, line1.col, [line1.row, line1.row + 1], o, notes);
  const line2 = lcdLine2(c, line1, width, notes);
  const inLcd = (row: number, col: number) => (row === line1.row || row === line2) && col >= line1.col && col < line1.col + width;
  const nav = navigation(c, inLcd, notes);
  const profile: ScreenProfile = {
    name: o.name,
    cols: o.cols,
    rows: o.rows,
    lcd: { lines: [{ row: line1.row + 1, col: line1.col + 1 }, { row: line2 + 1, col: line1.col + 1 }], width },
    nav,
    leds: leds(c, o, notes),
    mac: macLine(c),
    // The manual's proxy password prompt: its entry is masked in everything written (as in the twin's profile).
    secretFields: [{ line: 0, startsWith: "PROXY PASSW" }],
    line: o.line,
    redraw: {
      quietChars: 10,
      typicalBytes: Math.max(1, c.menu.bytes, c.next.bytes),
      latencyMs: Math.max(100, Math.ceil(2 * (o.latencyMs ?? 0))),
    },
  };
  return { profile, notes };
}
