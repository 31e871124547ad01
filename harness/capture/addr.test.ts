// Address normalisation: LCD-style zero-padded IPv4, IPv6 compression, MAC spellings, and clear errors.
import { describe, expect, test } from "vitest";
import { canonicalIp, canonicalMac } from "./addr.ts";

describe("canonicalIp", () => {
  test("zero-padded IPv4 octets are decimal, as the appliance LCD writes them", () => {
    expect(canonicalIp("010.079.000.001")).toBe("10.79.0.1");
    expect(canonicalIp(" 192.168.1.10 ")).toBe("192.168.1.10");
  });

  test("IPv6 is lower-cased and compressed as tshark prints it", () => {
    expect(canonicalIp("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(canonicalIp("[FE80::0001]")).toBe("fe80::1");
  });

  test("anything else is refused with the value quoted", () => {
    expect(() => canonicalIp("10.79.0.256")).toThrow('Expected an IPv4 or IPv6 address, got "10.79.0.256"');
    expect(() => canonicalIp("host.example")).toThrow('Expected an IPv4 or IPv6 address, got "host.example"');
    expect(() => canonicalIp("2001:db8::g")).toThrow('Expected an IPv4 or IPv6 address, got "2001:db8::g"');
  });
});

describe("canonicalMac", () => {
  test("accepts colon, dash and dotted spellings", () => {
    expect(canonicalMac("AA-BB-CC-00-11-22")).toBe("aa:bb:cc:00:11:22");
    expect(canonicalMac("aabb.cc00.1122")).toBe("aa:bb:cc:00:11:22");
  });

  test("refuses a wrong length", () => {
    expect(() => canonicalMac("aa:bb:cc")).toThrow('Expected a MAC address, got "aa:bb:cc"');
  });
});
