import { describe, expect, it } from "vitest";
import { twinProfile } from "./profiles/twin.ts";
import { replayCastText } from "./replay.ts";
import { parseCast } from "./transcript.ts";

const header = JSON.stringify({ version: 2, width: 80, height: 24, timestamp: 0 });
const ev = (t: number, k: "o" | "i", d: string) => JSON.stringify([t, k, d]);

describe("replay", () => {
  it("replays device output into a screen and reports each distinct LCD state and the keys", async () => {
    const cast = [
      header,
      ev(0.01, "o", "\x1b[2J\x1b[3;3H+--------------------+\x1b[4;3H|SETUP NETWORK       |\x1b[4;27HE..^v\x1b[?25l"),
      ev(0.02, "i", "\x1b[B"),
      ev(0.03, "o", "\x1b[4;4HSYSTEM REBOOT"),
      ev(0.04, "o", "\x1b[5;4H\x1b[7mIP\x1b[0m\x1b[5;5H\x1b[?25h"),
    ].join("\n");
    const r = await replayCastText(cast, twinProfile);
    expect(r.states.map((s) => s.lcd.text)).toEqual(["SETUP NETWORK", "SYSTEM REBOOT", "SYSTEM REBOOT IP"]);
    expect(r.final.cursor).toEqual({ line: 1, col: 1 });
    expect(r.screen.cell(4, 3)).toMatchObject({ char: "I", inverse: true });
    expect(r.keys).toEqual([{ t: 0.02, data: "\x1b[B" }]);
  });

  it("rejects a malformed cast naming the source and line", () => {
    expect(() => parseCast("", "x.cast")).toThrow("x.cast: expected an asciicast v2 header line, got an empty file");
    expect(() => parseCast(JSON.stringify({ version: 1 }), "x.cast")).toThrow(/^x\.cast:1: expected an asciicast v2 header/);
    expect(() => parseCast(`${header}\n{oops`, "x.cast")).toThrow("x.cast:2: expected one JSON value per line, got {oops");
    expect(() => parseCast(`${header}\n[0.1,"x","?"]`, "x.cast")).toThrow(/^x\.cast:2: expected an event \[time, "o"\|"i", data\]/);
  });
});
