// The console contract: where the LCD box, indicators, LEDs and MAC sit on the 80x24 VT100 screen (1-based).

/** LCD size. */
export const LCD_COLS = 20;
export const LCD_ROWS = 2;

/** Positions on the VT100 screen, 1-based rows and columns. */
export const LAYOUT = Object.freeze({
  titleRow: 1,
  title: "Qualys Scanner Appliance - Remote Console",
  boxTop: 3,
  boxCol: 3,
  lcdRow: [4, 5] as const,
  lcdCol: 4,
  navRow: 4,
  navCol: 27,
  ledRow: 8,
  ledCol: 4,
  macRow: 10,
  macCol: 4,
});

/** The five navigation slots, in their fixed order: ENTER, LEFT, RIGHT, UP, DOWN. */
export const NAV_SLOTS = ["E", "<", ">", "^", "v"] as const;

/** Which keys do something on the current screen. */
export interface Nav {
  readonly enter: boolean;
  readonly left: boolean;
  readonly right: boolean;
  readonly up: boolean;
  readonly down: boolean;
}

/** Everything the console shows while the appliance is powered. */
export interface Frame {
  /** The two LCD lines, each exactly 20 characters. */
  readonly lines: readonly [string, string];
  readonly nav: Nav;
  /** S1, S2, S3 lit. */
  readonly leds: readonly [boolean, boolean, boolean];
  /** Edited cell while a field is being edited (row 0/1, col 0-19), else null (cursor hidden). */
  readonly cursor: { readonly row: 0 | 1; readonly col: number } | null;
}

/** The indicator text for `nav`, e.g. "E.>^v". */
export function navText(nav: Nav): string {
  const on = [nav.enter, nav.left, nav.right, nav.up, nav.down];
  return NAV_SLOTS.map((c, i) => (on[i] ? c : ".")).join("");
}

/** The LED row text, e.g. "S1[*] S2[ ] S3[ ]". */
export function ledText(leds: Frame["leds"]): string {
  return leds.map((on, i) => `S${i + 1}[${on ? "*" : " "}]`).join(" ");
}

/** Pad or cut `text` to exactly 20 LCD columns. */
export function lcdLine(text: string): string {
  return text.length >= LCD_COLS ? text.slice(0, LCD_COLS) : text.padEnd(LCD_COLS, " ");
}

/** Word-wrap a message longer than 20 characters over the two LCD lines (a long word is cut). */
export function wrapMessage(text: string): [string, string] {
  if (text.length <= LCD_COLS) return [lcdLine(text), lcdLine("")];
  const words = text.split(/\s+/).filter(Boolean);
  let first = "";
  let i = 0;
  for (; i < words.length; i++) {
    const next = first ? `${first} ${words[i]}` : words[i]!;
    if (next.length > LCD_COLS) break;
    first = next;
  }
  if (!first) return [lcdLine(text.slice(0, LCD_COLS)), lcdLine(text.slice(LCD_COLS))];
  return [lcdLine(first), lcdLine(words.slice(i).join(" "))];
}
