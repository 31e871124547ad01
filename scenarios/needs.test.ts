// Scenario needs are derived from the labs they build: checked against every preset (a new preset must be placed in
// this table), against each catalogue scenario's lab loaded the way Lab.up loads it, and on topologies made to have
// or lack each tag.
import { describe, expect, it } from "vitest";
import { loadTopology, presetNames } from "../netns/topology/load.ts";
import { SCENARIOS } from "./catalogue.ts";
import { featuresOfLab, labFeatures, needsOf } from "./needs.ts";

/** What each preset's cabling asks of an appliance, read from the files by hand. */
const PRESET_NEEDS: Record<string, string[]> = {
  "ipv6-only": ["ipv6"],
  "ipv6-static": ["ipv6"],
  "proxy-basic": [],
  "proxy-ntlm": [],
  "proxy-open": [],
  "proxy-static": [],
  split: ["wan"],
  "split-proxy": ["wan"],
  "split-proxy-static": ["wan"],
  "split-static": ["wan"],
  standard: [],
  static: [],
  vlan: ["vlan"],
};

describe("scenario needs", () => {
  it("derives each preset's tags: WAN from a dut:wan0 link, VLAN from a trunk to the appliance, IPv6 from an IPv6 address", async () => {
    const names = await presetNames();
    expect(names).toEqual(Object.keys(PRESET_NEEDS).sort());
    for (const name of names) expect([name, featuresOfLab(name)]).toEqual([name, PRESET_NEEDS[name]]);
  });

  it("gives every catalogue scenario the tags of the lab it builds, and its model", async () => {
    const counts = { wan: 0, vlan: 0, ipv6: 0, none: 0 };
    for (const sc of SCENARIOS) {
      const needs = needsOf(sc.spec);
      const expected = sc.spec?.lab === undefined ? [] : labFeatures(await loadTopology(sc.spec.lab));
      expect([sc.behaviour, needs]).toEqual([sc.behaviour, { model: sc.spec?.model ?? "current", features: expected }]);
      for (const f of needs.features ?? []) counts[f]++;
      if (!needs.features?.length) counts.none++;
    }
    // The catalogue's labs as they stand: WAN scenarios are the split ones (presets and their variants).
    expect(counts).toEqual({ wan: 39, vlan: 3, ipv6: 2, none: 83 });
  });

  it("tells each tag apart on topologies made to have it or not", () => {
    const base = { name: "t", hosts: { dut: {}, r: { addresses: { lan: ["10.77.1.1/24"] } as Record<string, string[]> } }, links: [{ endpoints: ["dut:lan0", "r:lan"] as [string, string] }] };
    expect(featuresOfLab(base)).toEqual([]);
    expect(featuresOfLab({ ...base, hosts: { ...base.hosts, r: { addresses: { lan: ["10.77.1.1/24", "fd77:1::1/64"] } } } })).toEqual(["ipv6"]);
    expect(featuresOfLab({ ...base, links: [{ endpoints: ["dut:lan0", "r:lan"], vlans: [{ id: 100 }] }] })).toEqual(["vlan"]);
    // A trunk between two lab hosts is no trunk to the appliance.
    expect(featuresOfLab({ ...base, hosts: { ...base.hosts, s: {} }, links: [...base.links, { endpoints: ["r:up", "s:down"], vlans: [{ id: 100 }] }] })).toEqual([]);
    expect(featuresOfLab({ ...base, hosts: { ...base.hosts, w: {} }, links: [...base.links, { endpoints: ["dut:wan0", "w:dut"] }] })).toEqual(["wan"]);
  });

  it("says which lab it could not read", () => {
    expect(() => featuresOfLab("nosuchpreset")).toThrow(/^scenario needs: the lab "nosuchpreset" cannot be read at .*fixtures\/labs\/nosuchpreset\.yaml \(ENOENT\); expected a preset of fixtures\/labs or a topology file$/);
  });
});
