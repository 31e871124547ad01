import { describe, expect, it } from "vitest";
import { readLcd, lcdKey } from "./lcd.ts";
import { defineProfile } from "./profile.ts";
import { twinProfile } from "./profiles/twin.ts";
import { Screen } from "./screen.ts";

const frame = (l1: string, l2: string, nav: string) =>
  `\x1b[2J\x1b[1;1H\x1b[7mTITLE\x1b[0m\x1b[3;3H+${"-".repeat(20)}+\x1b[4;3H|${l1.padEnd(20)}|\x1b[5;3H|${l2.padEnd(20)}|\x1b[6;3H+${"-".repeat(20)}+` +
  `\x1b[4;27H${nav}\x1b[8;4HS1[*] S2[ ] S3[*]\x1b[10;4HMAC 00:50:56:AB:CD:EF\x1b[?25l`;

describe("Screen", () => {
  it("places text by cursor addressing and reports reverse video per cell", async () => {
    const s = new Screen({ cols: 80, rows: 24 });
    await s.write("\x1b[2J\x1b[5;10H\x1b[7mAB\x1b[0mC");
    expect(s.row(4).slice(9, 12)).toBe("ABC");
    expect(s.cell(4, 9)).toMatchObject({ char: "A", inverse: true });
    expect(s.cell(4, 11)).toMatchObject({ char: "C", inverse: false });
    expect(s.cursor()).toMatchObject({ row: 4, col: 12 });
  });

  it("clears the screen (CSI 2J) and to end of line (CSI K)", async () => {
    const s = new Screen({ cols: 80, rows: 24 });
    await s.write("\x1b[1;1Hhello world\x1b[2;1Hsecond");
    await s.write("\x1b[1;6H\x1b[K");
    expect(s.row(0).trimEnd()).toBe("hello");
    expect(s.blank()).toBe(false);
    await s.write("\x1b[2J");
    expect(s.blank()).toBe(true);
  });

  it("tracks cursor visibility (CSI ?25h / ?25l)", async () => {
    const s = new Screen({ cols: 80, rows: 24 });
    await s.write("\x1b[?25l");
    expect(s.cursor().visible).toBe(false);
    await s.write("\x1b[5;7H\x1b[?25h");
    expect(s.cursor()).toEqual({ row: 4, col: 6, visible: true });
  });
});

describe("readLcd (twin profile)", () => {
  it("reads lines, text, indicators, LEDs, MAC; no cursor while hidden", async () => {
    const s = new Screen(twinProfile);
    await s.write(frame("SETUP NETWORK", "", "E..^v"));
    const lcd = readLcd(s, twinProfile);
    expect(lcd.lines).toEqual(["SETUP NETWORK       ", " ".repeat(20)]);
    expect(lcd.text).toBe("SETUP NETWORK");
    expect(lcd.nav).toEqual({ enter: true, left: false, right: false, up: true, down: true });
    expect(lcd.leds).toEqual({ s1: true, s2: false, s3: true });
    expect(lcd.mac).toBe("00:50:56:AB:CD:EF");
    expect(lcd.cursor).toBeNull();
    expect(lcd.blank).toBe(false);
  });

  it("joins a word-wrapped message with one space and finds the edit cursor inside the LCD", async () => {
    const s = new Screen(twinProfile);
    await s.write(frame("Qualys Scanner is", "starting up...", "....."));
    await s.write("\x1b[5;6H\x1b[?25h");
    const lcd = readLcd(s, twinProfile);
    expect(lcd.text).toBe("Qualys Scanner is starting up...");
    expect(lcd.cursor).toEqual({ line: 1, col: 2 });
    expect(lcd.nav).toEqual({ enter: false, left: false, right: false, up: false, down: false });
  });

  it("reports a visible cursor outside the LCD as no cursor, and a blank screen as blank", async () => {
    const s = new Screen(twinProfile);
    await s.write("\x1b[20;1H\x1b[?25h");
    const lcd = readLcd(s, twinProfile);
    expect(lcd).toMatchObject({ cursor: null, blank: true, mac: null, text: "" });
    const before = lcdKey(lcd);
    await s.write(frame("A", "", "E...."));
    expect(lcdKey(readLcd(s, twinProfile))).not.toBe(before);
  });
});

describe("defineProfile", () => {
  it("rejects a bad profile naming the source and field", () => {
    expect(() => defineProfile({ ...twinProfile, nav: { ...twinProfile.nav, order: "E<>" } }, "profiles/x.ts")).toThrow(
      /^Invalid screen profile in profiles\/x\.ts at nav\.order: expected /,
    );
    expect(() => defineProfile({ ...twinProfile, extra: 1 }, "p")).toThrow('Invalid screen profile in p at (root): expected no key "extra", found "extra"');
  });
});
