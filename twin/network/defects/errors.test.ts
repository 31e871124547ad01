// The error-classification defects change exactly the conditions and codes they name, nothing else.
import { describe, expect, it } from "vitest";
import { legacyCodesFor, type NetworkCondition } from "../../../fixtures/manual/index.ts";
import { ERROR_DEFECTS, errorDetected, errorMisreport, legacyMisreport } from "./errors.ts";

const on = (...names: string[]) => new Set(names);

describe("error defects", () => {
  it("misreports only the conditions they name", () => {
    const wanCarrier: NetworkCondition = { kind: "no-carrier", iface: "WAN" };
    expect(errorMisreport(wanCarrier, on("wan-carrier-as-lan"))).toEqual({ kind: "no-carrier", iface: "LAN" });
    expect(errorMisreport({ kind: "no-carrier", iface: "LAN" }, on("wan-carrier-as-lan"))).toEqual({ kind: "no-carrier", iface: "LAN" });
    expect(errorMisreport(wanCarrier, on())).toBe(wanCarrier);
    expect(errorMisreport({ kind: "no-ipv4", iface: "WAN" }, on("wan-no-address-as-carrier"))).toEqual(wanCarrier);
    expect(errorMisreport({ kind: "no-dns-servers", iface: "WAN" }, on("no-dns-as-unreachable"))).toEqual({ kind: "dns-server-unreachable", iface: "WAN" });
    expect(errorMisreport({ kind: "dhcp-no-gateway", iface: "LAN" }, on("no-gateway-as-no-address"))).toEqual({ kind: "no-ipv4", iface: "LAN" });
    expect(errorMisreport({ kind: "dns-cannot-resolve-platform", iface: "WAN" }, on("wan-dns-as-lan"))).toEqual({ kind: "dns-cannot-resolve-platform", iface: "LAN" });
    expect(errorMisreport({ kind: "dns-server-unreachable", iface: "WAN" }, on("wan-dns-as-lan"))).toEqual({ kind: "dns-server-unreachable", iface: "LAN" });
    expect(errorMisreport({ kind: "invalid-ip-config", iface: "WAN" }, on("invalid-ip-as-no-address"))).toEqual({ kind: "no-ipv4", iface: "WAN" });
    expect(errorMisreport({ kind: "lan-wan-same-gateway" }, on("same-gateway-as-same-subnet"))).toEqual({ kind: "lan-wan-same-subnet" });
  });

  it("same-subnet-accepted drops only the same-subnet condition", () => {
    expect(errorDetected({ kind: "lan-wan-same-subnet" }, on("same-subnet-accepted"))).toBe(false);
    expect(errorDetected({ kind: "lan-wan-same-gateway" }, on("same-subnet-accepted"))).toBe(true);
    expect(errorDetected({ kind: "lan-wan-same-subnet" }, on())).toBe(true);
  });

  it("older model defects swap WAN codes for LAN ones and DNS codes for E06", () => {
    expect(legacyMisreport(legacyCodesFor({ kind: "no-carrier", iface: "WAN" }), on("legacy-wan-as-lan"))).toEqual(["E10"]);
    expect(legacyMisreport(["E08"], on("legacy-wan-as-lan"))).toEqual(["E07"]);
    expect(legacyMisreport(["E11"], on("legacy-wan-as-lan"))).toEqual(["E09"]);
    expect(legacyMisreport(["E04", "E13"], on("legacy-dns-as-https"))).toEqual(["E04", "E06"]);
    expect(legacyMisreport(legacyCodesFor({ kind: "invalid-ip-config", iface: "WAN" }, { loopbackAddress: true }), on("legacy-loopback-as-invalid"))).toEqual(["E08"]);
    expect(legacyMisreport(["E09"], on("legacy-loopback-as-invalid"))).toEqual(["E07"]);
    expect(legacyMisreport(["E12"], on())).toEqual(["E12"]);
  });

  it("every entry names the section a scenario checks it in", () => {
    expect(new Set(ERROR_DEFECTS.map((d) => d.section))).toEqual(new Set(["Appliance Network Errors", "Ethernet Port Configuration", "Network Errors using older appliance model"]));
    expect(new Set(ERROR_DEFECTS.map((d) => d.name)).size).toBe(ERROR_DEFECTS.length);
  });
});
