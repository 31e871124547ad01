// The renderer draws the console contract's layout and afterwards only what changed.
import xterm from "@xterm/headless";
import { describe, expect, it } from "vitest";
import { lcdLine, wrapMessage, type Frame } from "./layout.ts";
import { Renderer } from "./renderer.ts";

const frame = (l1: string, l2 = "", cursor: Frame["cursor"] = null): Frame => ({
  lines: [lcdLine(l1), lcdLine(l2)],
  nav: { enter: true, left: false, right: false, up: true, down: true },
  leds: [true, false, false],
  cursor,
});

async function screenOf(bytes: string): Promise<string[]> {
  const term = new xterm.Terminal({ cols: 80, rows: 24, allowProposedApi: true });
  await new Promise<void>((r) => term.write(bytes, r));
  return Array.from({ length: 24 }, (_, i) => term.buffer.active.getLine(i)!.translateToString(true));
}

describe("renderer", () => {
  it("draws the box, the LCD text, indicators, LEDs and MAC at the contract's positions", async () => {
    const r = new Renderer("00:50:56:01:02:03");
    const rows = await screenOf(r.full(frame("SETUP NETWORK")));
    expect(rows[2]).toBe("  +--------------------+");
    expect(rows[3]).toBe("  |SETUP NETWORK       |  E..^v");
    expect(rows[4]).toBe("  |                    |");
    expect(rows[5]).toBe("  +--------------------+");
    expect(rows[7]).toBe("   S1[*] S2[ ] S3[ ]");
    expect(rows[9]).toBe("   MAC 00:50:56:01:02:03");
  });

  it("updates only the changed characters, and shows the cursor only while a field is edited", () => {
    const r = new Renderer("00:50:56:01:02:03");
    r.full(frame("LAN IP ADDR", "000.000.000.000", { row: 1, col: 0 }));
    const up = r.update(frame("LAN IP ADDR", "100.000.000.000", { row: 1, col: 0 }));
    expect(up).toBe("\x1b[?25l\x1b[5;4H1\x1b[5;4H\x1b[?25h");
    expect(r.update(frame("LAN IP ADDR", "100.000.000.000", { row: 1, col: 0 }))).toBe("");
    const toMask = r.update(frame("LAN NETMASK", "255.255.255.000"));
    expect(toMask.startsWith("\x1b[?25l")).toBe(true);
    expect(toMask).not.toContain("\x1b[?25h");
  });

  it("word-wraps messages longer than 20 characters over the two lines", () => {
    expect(wrapMessage("no CARRIER on LAN interface")).toEqual([lcdLine("no CARRIER on LAN"), lcdLine("interface")]);
    expect(wrapMessage("It's now safe to unplug the box")).toEqual([lcdLine("It's now safe to"), lcdLine("unplug the box")]);
  });
});
