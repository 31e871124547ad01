import { describe, expect, it } from "vitest";
import { checkKey, decodeKeys, encodeKey } from "./keys.ts";

describe("keys", () => {
  it("encodes the VT100 arrows, ENTER as CR, and printable characters as themselves", () => {
    expect(encodeKey("UP").toString("latin1")).toBe("\x1b[A");
    expect(encodeKey("DOWN").toString("latin1")).toBe("\x1b[B");
    expect(encodeKey("RIGHT").toString("latin1")).toBe("\x1b[C");
    expect(encodeKey("LEFT").toString("latin1")).toBe("\x1b[D");
    expect(encodeKey("ENTER").toString("latin1")).toBe("\r");
    expect(encodeKey("a").toString("latin1")).toBe("a");
    expect(encodeKey("~").toString("latin1")).toBe("~");
  });

  it("decodes a key stream back into keys", () => {
    expect(decodeKeys("\x1b[Ax\r\x1b[D ")).toEqual(["UP", "x", "ENTER", "LEFT", " "]);
  });

  it("rejects anything else with a message naming what was expected and got", () => {
    expect(() => checkKey("ab")).toThrow('Expected a key to be one of UP, DOWN, LEFT, RIGHT, ENTER or one printable ASCII character, got "ab"');
    expect(() => checkKey("\n")).toThrow(/got "\\n"/);
    expect(() => checkKey("é")).toThrow(/printable ASCII/);
  });
});
