// Secret masking: what of the screen and of the keys may be written down while a secret field is edited.
import type { Lcd } from "./lcd.ts";
import type { ScreenProfile } from "./profile.ts";
import type { Screen } from "./screen.ts";

/** True when the profile marks this LCD state as a secret field (e.g. line 1 is "PROXY PASSW"). */
export function isSecretScreen(lcd: Lcd, profile: ScreenProfile): boolean {
  return profile.secretFields.some((r) => lcd.lines[r.line].trimStart().startsWith(r.startsWith));
}

/** Replace each non-space character with `*`. */
export function starOut(text: string): string {
  return text.replace(/[^ ]/g, "*");
}

/** The LCD with line 2 starred out (what may be written while a secret is on screen). */
export function maskLcd(lcd: Lcd): Lcd {
  const line2 = starOut(lcd.lines[1]);
  const lines: [string, string] = [lcd.lines[0], line2];
  return { ...lcd, lines, text: lines.map((l) => l.trim()).filter((l) => l !== "").join(" ") };
}

/** The key as it may be written inside a secret window: ENTER stays, every other key becomes `*`. */
export function maskKey(key: string): string {
  return key === "ENTER" ? "ENTER" : "*";
}

/** Input bytes as they may be written inside a secret window. */
export function maskInput(key: string, bytes: string): string {
  return key === "ENTER" ? bytes : "*";
}

/**
 * A full repaint of the screen with LCD line 2 starred out: stands in for the raw device output in the
 * transcript while a secret is on screen, so a replay shows the masked screen and never the secret.
 */
export function maskedRepaint(screen: Screen, profile: ScreenProfile): string {
  const line2 = profile.lcd.lines[1];
  const parts = ["\x1b[0m\x1b[2J"];
  for (let r = 0; r < screen.rows; r++) {
    let row = screen.row(r);
    if (r === line2.row - 1) {
      const a = line2.col - 1;
      const b = a + profile.lcd.width;
      row = row.slice(0, a) + starOut(row.slice(a, b)) + row.slice(b);
    }
    if (row.trim() !== "") parts.push(`\x1b[${r + 1};1H${row.trimEnd()}`);
  }
  const c = screen.cursor();
  parts.push(`\x1b[${c.row + 1};${c.col + 1}H`, c.visible ? "\x1b[?25h" : "\x1b[?25l");
  return parts.join("");
}
