// The receive pipeline on its own: a chunk that holds several screen updates (a loaded host reads them at once) is
// parsed one update at a time, so a screen that was shown only briefly is still among the states seen.
import { describe, expect, it } from "vitest";
import { CallLog } from "./calllog.ts";
import { ScreenFeed, updates } from "./feed.ts";
import { twinProfile } from "./profiles/twin.ts";

const HIDE = "\x1b[?25l";
const line1 = (text: string) => `${HIDE}\x1b[4;4H${text.padEnd(20, " ")}`;

describe("ScreenFeed", () => {
  it("cuts a chunk before each screen update it starts after its first byte", () => {
    const pieces = updates(Buffer.from(`${line1("A")}${line1("B")}x${line1("C")}`, "latin1")).map((b) => b.toString("latin1"));
    expect(pieces).toEqual([line1("A"), `${line1("B")}x`, line1("C")]);
    expect(updates(Buffer.from("plain text", "latin1")).map(String)).toEqual(["plain text"]);
  });

  it("keeps a message that arrived in one read with the screen that replaced it", async () => {
    const log = new CallLog(performance.now());
    const feed = new ScreenFeed(twinProfile, log, undefined, () => false, () => undefined);
    feed.received(Buffer.from(`\x1b[2J${line1("REALLY ENABLE PROXY?")}`, "latin1"), performance.now());
    await feed.idle();
    feed.received(Buffer.from(`${line1("ENABLING PROXY SUPPORT".slice(0, 20))}${line1("CONTACTING QUALYS")}`, "latin1"), performance.now());
    await feed.idle();
    expect(feed.history.map((h) => h.lcd.lines[0].trim())).toEqual(["REALLY ENABLE PROXY?", "ENABLING PROXY SUPPO", "CONTACTING QUALYS"]);
    expect(feed.state.lines[0].trim()).toBe("CONTACTING QUALYS");
    expect(log.tail().filter((e) => e.kind === "screen").length).toBe(3);
    feed.stop();
  });
});
