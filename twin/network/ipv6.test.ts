// IPv6-only mode on the ipv6-only preset: SLAAC address and RDNSS resolver from the router advertisement reach the
// platform over IPv6; manual DNS takes precedence over the RA's resolver.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lab } from "../../netns/lab/lab.ts";
import { factoryDefaults } from "../state/config.ts";
import { connectionCheck } from "./check.ts";
import { rdnssFromHex } from "./ipv6.ts";
import { dutContext, labUp } from "./testkit.ts";

let lab: Lab;
beforeAll(async () => {
  lab = await labUp("ipv6-only");
}, 90_000);
afterAll(async () => {
  await lab?.down();
});

describe("IPv6-only mode", () => {
  it("parses RDNSS out of a router advertisement dump", () => {
    const hex = [
      "\t0x0000:  6000 0000 0038 3aff fe80 0000 0000 0000",
      "\t0x0010:  0000 0000 0000 0001 ff02 0000 0000 0000",
      "\t0x0020:  0000 0000 0000 0001 8600 0000 4000 0708",
      "\t0x0030:  0000 0000 0000 0000 1903 0000 0000 0e10",
      "\t0x0040:  fd77 0001 0000 0000 0000 0000 0000 0001",
    ].join("\n");
    expect(rdnssFromHex(hex)).toEqual(["fd77:1::1"]);
  });

  it("automatic IPv6: SLAAC address, RDNSS resolver, platform over IPv6 (activation code)", async () => {
    const { outcome, applied } = await connectionCheck(factoryDefaults("ipv6only"), await dutContext(lab));
    expect(applied.lan.address).toMatch(/^fd77:1:/);
    expect(applied.lan.dns).toEqual(["fd77:1::1"]);
    expect(outcome.kind, JSON.stringify(outcome)).toBe("activation-code");
  }, 60_000);

  it("manual DNS1 takes precedence over the RA's resolver (a dead manual DNS: LAN DNS server not reachable)", async () => {
    const cfg = { ...factoryDefaults("ipv6only"), ipv6: { addr: "", preflen: "64", gateway: "", dns1: "fd77:1::99", dns2: "" } };
    const { outcome, applied } = await connectionCheck(cfg, await dutContext(lab));
    expect(applied.lan.dns).toEqual(["fd77:1::99"]);
    expect(outcome.kind === "error" && outcome.error.id).toBe("dns-unreachable-lan");
  }, 60_000);
});
