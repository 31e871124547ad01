// Parsing LCD readings into typed states against the oracle catalogue.
import { describe, expect, it } from "vitest";
import type { Lcd } from "../console/lcd.ts";
import { describeState, isHomeLike, parseState } from "./state.ts";

function lcd(l1: string, l2 = "", cursor: number | null = null): Lcd {
  const lines: [string, string] = [l1.padEnd(20), l2.padEnd(20)];
  const nav = { enter: true, left: false, right: false, up: false, down: false };
  return { lines, text: lines.map((l) => l.trim()).filter(Boolean).join(" "), cursor: cursor === null ? null : { line: 1, col: cursor }, nav, leds: { s1: false, s2: false, s3: false }, mac: null, blank: false };
}

describe("parseState", () => {
  it("reads each kind of screen", () => {
    expect(parseState({ ...lcd(""), blank: true })).toEqual({ kind: "off" });
    expect(parseState(lcd("Qualys Scanner is", "starting up..."))).toEqual({ kind: "booting", text: "Qualys Scanner is starting up..." });
    expect(parseState(lcd("SETUP NETWORK"))).toEqual({ kind: "menu", menu: "main", item: "SETUP NETWORK" });
    expect(parseState(lcd("CHANGE VLAN ON LAN"))).toEqual({ kind: "menu", menu: "setup-network", item: "CHANGE VLAN ON LAN" });
    expect(parseState(lcd("REALLY RESET ALL", "SETTINGS?"))).toMatchObject({ kind: "menu", menu: "reset-network" });
    expect(parseState(lcd("LAN IP ADDR", "010.000.000.001", 2))).toMatchObject({ kind: "field", prompt: "LAN IP ADDR", value: "010.000.000.001     ", cursor: 2 });
    expect(parseState(lcd("REALLY SET LAN TO", "100baseT/Full"))).toMatchObject({ kind: "prompt", value: "100baseT/Full" });
    expect(parseState(lcd("no CARRIER on LAN", "interface"))).toMatchObject({ kind: "error", error: { kind: "text", row: { id: "no-carrier-lan" } } });
    expect(parseState(lcd("ERROR E10"))).toMatchObject({ kind: "error", error: { kind: "code", code: "E10" } });
    expect(parseState(lcd("ACTIVATION CODE", "1234-5678"))).toEqual({ kind: "activation-code", code: "1234-5678" });
    expect(parseState(lcd("is_jdoe", "10.77.1.50      US1"))).toEqual({ kind: "home", name: "is_jdoe", ip: "10.77.1.50", platform: "US1" });
    const cf = parseState(lcd("COMMUNICATION", "FAILURE"));
    expect(cf).toEqual({ kind: "communication-failure", text: "COMMUNICATION FAILURE" });
    expect(isHomeLike(cf)).toBe(true);
    expect(parseState(lcd("REBOOTING SYSTEM"))).toEqual({ kind: "message", text: "REBOOTING SYSTEM", known: true });
    expect(parseState(lcd("LAN GATEWY", "000.000.000.000"))).toEqual({ kind: "message", text: "LAN GATEWY 000.000.000.000", known: false });
  });

  it("keeps the edited prompt while insert/delete questions show, and hides passwords in descriptions", () => {
    expect(parseState(lcd("Done editing?", "PROXY.LAB"), "PROXY HOST")).toMatchObject({ kind: "field", prompt: "PROXY HOST", question: "Done editing?" });
    expect(describeState(parseState(lcd("PROXY PASSW", "****x", 4)))).toBe('field "PROXY PASSW" = "*****"');
    expect(isHomeLike(parseState(lcd("LAN has no IPv4", "address")))).toBe(true);
  });
});
