// The LCD reader: turns a Screen into the typed LCD state through a screen profile.
import type { ScreenProfile } from "./profile.ts";
import type { Screen } from "./screen.ts";

/** Which navigation keys the screen says are available. */
export interface NavIndicators {
  enter: boolean;
  left: boolean;
  right: boolean;
  up: boolean;
  down: boolean;
}

/** One reading of the appliance's LCD and panel as drawn on the console. */
export interface Lcd {
  lines: [string, string];
  /** The two lines trimmed and joined by one space. */
  text: string;
  /** The edit cursor inside the LCD (0-based), or null when no field is being edited. */
  cursor: { line: 0 | 1; col: number } | null;
  nav: NavIndicators;
  leds: { s1: boolean; s2: boolean; s3: boolean };
  /** The MAC address as displayed (case kept), or null when the MAC line is absent. */
  mac: string | null;
  blank: boolean;
}

const NAV_NAMES: Readonly<Record<string, keyof NavIndicators>> = { E: "enter", "<": "left", ">": "right", "^": "up", v: "down" };
const MAC_RE = /^([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})/;

/** Read the LCD from `screen` using the cell positions of `profile`. */
export function readLcd(screen: Screen, profile: ScreenProfile): Lcd {
  const at = (row: number, col: number, len: number) => screen.slice(row - 1, col - 1, len);
  const [l1, l2] = profile.lcd.lines;
  const lines: [string, string] = [at(l1.row, l1.col, profile.lcd.width), at(l2.row, l2.col, profile.lcd.width)];
  const nav: NavIndicators = { enter: false, left: false, right: false, up: false, down: false };
  const slots = at(profile.nav.row, profile.nav.col, profile.nav.order.length);
  [...profile.nav.order].forEach((symbol, i) => {
    nav[NAV_NAMES[symbol] ?? "enter"] = slots[i] === symbol;
  });
  const lit = (c: { row: number; col: number }) => at(c.row, c.col, 1) === profile.leds.lit;
  const macRow = at(profile.mac.row, profile.mac.col, profile.mac.prefix.length + 17);
  const macMatch = macRow.startsWith(profile.mac.prefix) ? MAC_RE.exec(macRow.slice(profile.mac.prefix.length)) : null;
  return {
    lines,
    text: lines.map((l) => l.trim()).filter((l) => l !== "").join(" "),
    cursor: lcdCursor(screen, profile),
    nav,
    leds: { s1: lit(profile.leds.s1), s2: lit(profile.leds.s2), s3: lit(profile.leds.s3) },
    mac: macMatch ? macMatch[1]! : null,
    blank: screen.blank(),
  };
}

/** The visible cursor's place inside the LCD text area, or null. */
function lcdCursor(screen: Screen, profile: ScreenProfile): Lcd["cursor"] {
  const c = screen.cursor();
  if (!c.visible) return null;
  for (const line of [0, 1] as const) {
    const origin = profile.lcd.lines[line];
    const col = c.col - (origin.col - 1);
    if (c.row === origin.row - 1 && col >= 0 && col < profile.lcd.width) return { line, col };
  }
  return null;
}

/** A stable key for comparing two LCD readings. */
export function lcdKey(lcd: Lcd): string {
  const c = lcd.cursor ? `${lcd.cursor.line}:${lcd.cursor.col}` : "-";
  const n = lcd.nav;
  const flags = [n.enter, n.left, n.right, n.up, n.down, lcd.leds.s1, lcd.leds.s2, lcd.leds.s3].map((b) => (b ? 1 : 0)).join("");
  return `${lcd.lines[0]}|${lcd.lines[1]}|${c}|${flags}|${lcd.mac ?? ""}|${lcd.blank ? "B" : ""}`;
}

/** A one-line human description: `[SETUP NETWORK       |                    ] nav=E..^v cursor=1:3`. */
export function describeLcd(lcd: Lcd): string {
  if (lcd.blank) return "[screen blank]";
  const n = lcd.nav;
  const nav = `${n.enter ? "E" : "."}${n.left ? "<" : "."}${n.right ? ">" : "."}${n.up ? "^" : "."}${n.down ? "v" : "."}`;
  const cur = lcd.cursor ? ` cursor=${lcd.cursor.line}:${lcd.cursor.col}` : "";
  return `[${lcd.lines[0]}|${lcd.lines[1]}] nav=${nav}${cur}`;
}

/** Normalise a manual message the way the LCD word-wraps it: words joined by single spaces. */
export function normaliseMessage(message: string): string {
  return message.trim().split(/\s+/).join(" ");
}
