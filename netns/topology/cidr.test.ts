// Prefix arithmetic of the topology checks (on ipaddr.js), on the cases a lab meets: host bits set, IPv6, /0, /32.
import { describe, expect, it } from "vitest";
import { addressText, addressValue, contains, familyOf, overlaps, parseCidr, networkText } from "./cidr.ts";

const c = (t: string) => parseCidr(t)!;

describe("cidr", () => {
  it("parses interface addresses with host bits set, and refuses what is not a prefix", () => {
    expect(c("10.77.1.1/24")).toEqual({ family: 4, address: "10.77.1.1", value: 0x0a4d0101n, prefix: 24, network: 0x0a4d0100n });
    expect(c("fd77:1::1/64")).toMatchObject({ family: 6, prefix: 64, network: 0xfd770001000000000000000000000000n });
    for (const bad of ["10.77.1.1/33", "fd77::1/129", "10.77.1/24", "0x0a.1.1.1/8", "10.77.1.1", "x/8", "10.77.1.1/ 8"]) expect(parseCidr(bad), bad).toBeUndefined();
  });

  it("tells overlap and containment, across prefix lengths, never across families", () => {
    expect(overlaps(c("10.77.1.1/24"), c("10.77.1.200/25"))).toBe(true);
    expect(overlaps(c("10.77.1.1/24"), c("10.77.2.1/24"))).toBe(false);
    expect(overlaps(c("0.0.0.0/0"), c("192.168.0.1/32"))).toBe(true);
    expect(overlaps(c("fd77:1::1/64"), c("fd77:1::ffff/120"))).toBe(true);
    expect(overlaps(c("fd77:1::1/64"), c("fd77:2::1/64"))).toBe(false);
    expect(contains(c("10.77.1.1/24"), 4, addressValue("10.77.1.254"))).toBe(true);
    expect(contains(c("10.77.1.1/24"), 4, addressValue("10.77.0.254"))).toBe(false);
    expect(contains(c("::/0"), 4, addressValue("10.77.1.254"))).toBe(false);
    expect(familyOf("::ffff:10.1.2.3")).toBe(6);
    expect(addressValue("::ffff:10.1.2.3")).toBe(0xffff0a010203n);
  });

  it("prints the network of an interface address", () => {
    expect(networkText(c("10.77.1.1/24"))).toBe("10.77.1.0/24");
    expect(networkText(c("fd77:1::1/64"))).toBe("fd77:1::/64");
    expect(networkText(c("2001:db8:0:0:1:0:0:1/128"))).toBe("2001:db8::1:0:0:1/128");
  });

  it("writes an address back from its number", () => {
    expect(addressText(4, addressValue("10.77.1.255") + 1n)).toBe("10.77.2.0");
    expect(addressText(6, addressValue("fd00::ffff") + 1n)).toBe("fd00::1:0");
  });
});
