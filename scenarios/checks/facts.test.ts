import { describe, expect, it } from "vitest";
import { inSubnet, netmaskOf, padded } from "./facts.ts";

describe("lab fact helpers of the checks", () => {
  it("netmask of a subnet", () => {
    expect(netmaskOf("10.77.1.0/24")).toBe("255.255.255.0");
    expect(netmaskOf("10.0.0.0/8")).toBe("255.0.0.0");
    expect(netmaskOf("10.77.0.0/22")).toBe("255.255.252.0");
    expect(netmaskOf("10.77.1.0/32")).toBe("255.255.255.255");
  });
  it("an address as the LCD pads it", () => {
    expect(padded("10.77.1.1")).toBe("010.077.001.001");
    expect(padded("192.0.2.50")).toBe("192.000.002.050");
  });
  it("an address inside or outside a subnet", () => {
    expect(inSubnet("10.77.2.113", "10.77.2.0/24")).toBe(true);
    expect(inSubnet("10.77.20.1", "10.77.2.0/24")).toBe(false);
    expect(inSubnet("10.77.3.1", "10.77.0.0/22")).toBe(true);
  });
});
