// The older model's code of a LAN/WAN row follows the activation the platform records (E14 "during scanner
// activation", E13 once activated) unless the row itself activates first; the scenario names say which.
import { describe, expect, it } from "vitest";
import { rowLegacyCodes, rowLegacyText, type ErrorRow } from "./errors.ts";

const dnsDrops: ErrorRow = { condition: { kind: "dns-server-unreachable", iface: "WAN" }, setup: [], step: "WAN DNS drops" };

describe("older model codes of a row", () => {
  it("E14 on a never-activated appliance, E13 on an activated one", () => {
    expect(rowLegacyCodes(dnsDrops, true)).toEqual(["E14"]);
    expect(rowLegacyCodes(dnsDrops, false)).toEqual(["E13"]);
    expect(rowLegacyText(dnsDrops)).toBe("E14 while never activated, E13 once activated");
  });

  it("a row that activates first is E13 either way", () => {
    const activatedRow = { ...dnsDrops, activated: true };
    expect(rowLegacyCodes(activatedRow, true)).toEqual(["E13"]);
    expect(rowLegacyText(activatedRow)).toBe("E13");
  });

  it("a row whose codes the activation does not change names them once", () => {
    expect(rowLegacyText({ condition: { kind: "no-dns-servers", iface: "WAN" }, setup: [], step: "no DNS" })).toBe("E05");
  });
});
