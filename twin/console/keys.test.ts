// The panel's input: keys parsed from VT100 bytes; a full buffer loses bytes; one key at a time never does.
import { describe, expect, it } from "vitest";
import { KeyInput, type Key } from "./keys.ts";

describe("key input", () => {
  it("parses arrows, ENTER and typed characters", async () => {
    const keys: Key[] = [];
    const input = new KeyInput({ bufferBytes: 64, keyMs: 0 }, (k) => keys.push(k));
    input.receive(Buffer.from("\x1b[A\x1b[B\x1b[C\x1b[D\r\na"));
    await new Promise((r) => setTimeout(r, 50));
    expect(keys.map((k) => (k.kind === "char" ? k.char : k.kind))).toEqual(["up", "down", "right", "left", "enter", "a"]);
  });

  it("loses bytes of a flood beyond its buffer, not those of keys sent one at a time", async () => {
    const keys: Key[] = [];
    const input = new KeyInput({ bufferBytes: 8, keyMs: 2 }, (k) => keys.push(k));
    input.receive(Buffer.from("\x1b[B".repeat(10)));
    await new Promise((r) => setTimeout(r, 100));
    expect(input.lostBytes).toBe(22);
    expect(keys.length).toBeLessThan(10);
    const before = keys.length;
    for (let i = 0; i < 10; i++) {
      input.receive(Buffer.from("\x1b[B"));
      await new Promise((r) => setTimeout(r, 10));
    }
    // The flood's cut-off escape sequence garbles the first paced key ("incorrect configuration");
    // after it every key arrives, and no byte of the paced keys is lost.
    const paced = keys.slice(before).map((k) => (k.kind === "char" ? k.char : k.kind));
    expect(paced.slice(-9)).toEqual(Array(9).fill("down"));
    expect(paced).toContain("[");
    expect(input.lostBytes).toBe(22);
  });
});
