// Turns frames into VT100 bytes: a full draw after the first ENTER, then only what changed.
import { LAYOUT, LCD_COLS, ledText, navText, type Frame } from "./layout.ts";

const ESC = "\x1b[";
const at = (row: number, col: number) => `${ESC}${row};${col}H`;
const HIDE = `${ESC}?25l`;
const SHOW = `${ESC}?25h`;

/** Keeps what the terminal shows and produces the bytes that bring it to a new frame. */
export class Renderer {
  private shown: Frame | null = null;

  constructor(private readonly mac: string) {}

  /** Forget what the terminal shows (a new connection, or the screen was cleared). */
  reset(): void {
    this.shown = null;
  }

  /** Bytes that clear the screen (power off). */
  clear(): string {
    this.shown = null;
    return `${HIDE}${ESC}0m${ESC}2J${ESC}H`;
  }

  /** Bytes that draw `frame` in full: title, LCD box, indicators, LEDs, MAC. */
  full(frame: Frame): string {
    const border = `+${"-".repeat(LCD_COLS)}+`;
    let out = `${HIDE}${ESC}0m${ESC}2J`;
    out += at(LAYOUT.titleRow, 1) + LAYOUT.title;
    out += at(LAYOUT.boxTop, LAYOUT.boxCol) + border;
    out += at(LAYOUT.lcdRow[0], LAYOUT.boxCol) + `|${frame.lines[0]}|`;
    out += at(LAYOUT.lcdRow[1], LAYOUT.boxCol) + `|${frame.lines[1]}|`;
    out += at(LAYOUT.boxTop + 3, LAYOUT.boxCol) + border;
    out += at(LAYOUT.navRow, LAYOUT.navCol) + navText(frame.nav);
    out += at(LAYOUT.ledRow, LAYOUT.ledCol) + ledText(frame.leds);
    out += at(LAYOUT.macRow, LAYOUT.macCol) + `MAC ${this.mac}`;
    out += this.cursor(frame, true);
    this.shown = frame;
    return out;
  }

  /** Bytes that change the terminal from what it shows to `frame` ("" when nothing changed). */
  update(frame: Frame): string {
    const old = this.shown;
    if (!old) return this.full(frame);
    let body = "";
    for (const row of [0, 1] as const) body += span(old.lines[row], frame.lines[row], LAYOUT.lcdRow[row], LAYOUT.lcdCol);
    body += span(navText(old.nav), navText(frame.nav), LAYOUT.navRow, LAYOUT.navCol);
    body += span(ledText(old.leds), ledText(frame.leds), LAYOUT.ledRow, LAYOUT.ledCol);
    const cursorMoved = JSON.stringify(old.cursor) !== JSON.stringify(frame.cursor);
    this.shown = frame;
    if (!body && !cursorMoved) return "";
    // Every update starts by hiding the cursor (a terminal never shows it wandering while text is drawn;
    // it also marks where one screen update begins) and shows it again at the edited cell.
    let out = HIDE + body;
    if (frame.cursor) out += this.cursor(frame, true);
    return out;
  }

  private cursor(frame: Frame, toggle: boolean): string {
    if (!frame.cursor) return toggle ? HIDE : "";
    return at(LAYOUT.lcdRow[frame.cursor.row], LAYOUT.lcdCol + frame.cursor.col) + SHOW;
  }
}

/** Cursor-addressed bytes rewriting the smallest run of `next` that differs from `prev`. */
function span(prev: string, next: string, row: number, col: number): string {
  if (prev === next) return "";
  let a = 0;
  while (a < next.length && prev[a] === next[a]) a++;
  let b = next.length - 1;
  while (b > a && prev[b] === next[b]) b--;
  return at(row, col + a) + next.slice(a, b + 1);
}
