// The VLAN limit per serial number, from the oracle's facts: over 29000 -> 4094; 29000 itself, under, or not a number -> 99.
import { expect, it } from "vitest";
import { HIGH_SERIAL, LOW_SERIAL, vlanLimitFor } from "./platform-limits.ts";

it("4094 VLANs over serial 29000, 99 otherwise", () => {
  expect([vlanLimitFor("29001"), vlanLimitFor(HIGH_SERIAL), vlanLimitFor("30512")]).toEqual([4094, 4094, 4094]);
  expect([vlanLimitFor("29000"), vlanLimitFor(LOW_SERIAL), vlanLimitFor("QSA-1234")]).toEqual([99, 99, 99]);
});
