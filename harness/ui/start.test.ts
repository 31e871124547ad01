// Start states: defaults and validation, and the cheapest plan from what the screens show to what a scenario states.
import { describe, expect, it } from "vitest";
import { planStart, resolveStart, type SeenConfig } from "./start.ts";

const factory: SeenConfig = { mode: "ipv4v6", lan: "dhcp", vlan: false, proxy: false, wan: "none", links: { lan: "AUTO", wan: null } };
const flows = (seen: SeenConfig, spec: Parameters<typeof resolveStart>[0]) => planStart(seen, resolveStart(spec)).map((s) => s.flow);

describe("start states", () => {
  it("default to the factory settings, a mode's own LAN default, either activation, no boot", () => {
    expect(resolveStart()).toMatchObject({ mode: "ipv4v6", lan: "dhcp", vlan: 0, proxy: "none", wan: "none", links: { lan: "AUTO", wan: "AUTO" }, activated: "any", boot: "any" });
    expect(resolveStart({ mode: "ipv6only" }).lan).toBe("auto6");
  });

  it.each([
    [{ mode: "ipv6only", lan: "dhcp" }, 'start.lan: expected auto6 or {static} in mode "ipv6only", found "dhcp"'],
    [{ mode: "ipv6only", wan: "dhcp" }, 'start.wan: expected none in mode "ipv6only" (no split network there), found "dhcp"'],
    [{ vlan: 4095 }, "start.vlan: expected an integer 0-4094, found 4095"],
    [{ links: { lan: "1G" } }, 'start.links.lan: expected one of AUTO, 1GbaseT/Full, 100baseT/Full, 100baseT/Half, 10baseT/Full, 10baseT/Half, found "1G"'],
  ] as const)("reject %j", (spec, message) => {
    expect(() => resolveStart(spec as never)).toThrow(message);
  });

  it("need nothing when the screens show the start", () => {
    expect(flows(factory, {})).toEqual([]);
  });

  it("undo one setting with its own flow (one check), several with one reset", () => {
    expect(flows({ ...factory, proxy: true }, {})).toEqual(["proxy-disable"]);
    expect(flows({ ...factory, lan: "static" }, {})).toEqual(["reset-all"]);
    expect(flows({ ...factory, vlan: true, proxy: true }, {})).toEqual(["reset-all"]);
    expect(flows({ ...factory, links: { lan: "10baseT/Half", wan: null } }, {})).toEqual(["lan-port-link"]);
  });

  it("reset to remove a WAN (the manual has no other way) or an IPv6 LAN the menu cannot show", () => {
    expect(flows({ ...factory, wan: "dhcp" }, {})).toEqual(["reset-all"]);
    expect(flows({ ...factory, mode: "ipv6only", lan: "ipv6-unknown" }, { mode: "ipv6only" })).toEqual(["reset-all"]);
    expect(flows({ ...factory, mode: "ipv6only", lan: "auto6" }, { mode: "ipv6only" })).toEqual([]);
  });

  it("reset to the factory's DHCP menu once DHCP was enabled from the menu or the LAN was static (the VLAN option is hidden then)", () => {
    expect(flows({ ...factory, lan: "dhcp-menu" }, { vlan: 100 })).toEqual(["reset-all", "vlan-enable"]);
    expect(flows({ ...factory, lan: "static" }, { vlan: 100 })).toEqual(["reset-all", "vlan-enable"]);
    expect(flows({ ...factory, lan: "dhcp-menu" }, {})).toEqual(["reset-all"]);
    expect(flows(factory, { vlan: 100 })).toEqual(["vlan-enable"]);
  });

  it("switch modes with the mode reset, then apply the settings", () => {
    expect(flows({ ...factory, proxy: true, vlan: true }, { mode: "ipv6only", vlan: 7 })).toEqual(["reset-to-ipv6only", "vlan-enable"]);
    expect(flows({ ...factory, mode: "ipv6only", lan: "static6" }, {})).toEqual(["reset-to-ipv4v6"]);
  });

  it("apply settings with the enable or change flow the menu offers", () => {
    const lan = { static: { "LAN IP ADDR": "10.77.1.50" } };
    expect(flows(factory, { lan, vlan: 100, proxy: { values: {} }, wan: "dhcp", links: { lan: "100baseT/Full", wan: "10baseT/Full" } }))
      .toEqual(["static-lan", "vlan-enable", "proxy-enable", "wan-dhcp", "lan-port-link", "wan-port-link"]);
    expect(flows({ ...factory, lan: "static", vlan: true, proxy: true, wan: "static", links: { lan: "AUTO", wan: "AUTO" } }, { lan, vlan: 5, proxy: { values: {} }, wan: { static: {} } }))
      .toEqual(["change-static-lan", "vlan-change", "proxy-change", "change-static-wan"]);
    expect(planStart(factory, resolveStart({ vlan: 42 }))[0]!.values).toEqual({ "VLAN 0-4094": "0042" });
  });
});
