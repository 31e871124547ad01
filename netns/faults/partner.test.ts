// The link partner fault: the alias convention on a veth (real namespace), the ethtool argv on a NIC (no real NIC here).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPrefix } from "../util/owner.ts";
import { run } from "../util/sh.ts";
import { applyPartnerSetting, ethtoolArgs, parseEthtool, parsePartnerSetting, PARTNER_SETTINGS, restoreArgs, type PartnerSetting } from "./partner.ts";

const prefix = newPrefix();
const ns = `${prefix}-pt`;
const alias = async () => ((JSON.parse((await run("ip", ["-n", ns, "-j", "link", "show", "dev", "end0"])).stdout) as { ifalias?: string }[])[0]?.ifalias ?? "");

beforeAll(async () => {
  await run("ip", ["netns", "add", ns]);
  await run("ip", ["-n", ns, "link", "add", "name", "end0", "type", "veth", "peer", "name", "dut0"]);
});
afterAll(() => run("ip", ["netns", "del", ns], { allowFailure: true }));

describe("link partner on a veth: the alias the twin reads", () => {
  it("sets hil-link-partner=<value> and clears it on remove", async () => {
    const f = await applyPartnerSetting(ns, "end0", "100baseT/Full");
    expect(await alias()).toBe("hil-link-partner=100baseT/Full");
    expect(f.describe).toBe(`link partner end0 in ${ns} set to 100baseT/Full (veth: alias "hil-link-partner=100baseT/Full")`);
    await f.remove();
    await f.remove();
    expect(await alias()).toBe("");
  });

  it("AUTO clears a setting, and remove puts the previous alias back", async () => {
    const first = await applyPartnerSetting(ns, "end0", "10baseT/Half");
    const auto = await applyPartnerSetting(ns, "end0", "AUTO");
    expect(await alias()).toBe("");
    await auto.remove();
    expect(await alias()).toBe("hil-link-partner=10baseT/Half");
    await first.remove();
    expect(await alias()).toBe("");
  });

  it("refuses a value the manual does not list, and an interface that is not there", async () => {
    await expect(applyPartnerSetting(ns, "end0", "1000baseT/Full" as PartnerSetting)).rejects.toThrow(
      `Could not apply fault "link partner end0 in ${ns} set to 1000baseT/Full": expected one of AUTO, 1GbaseT/Full, 100baseT/Full, 100baseT/Half, 10baseT/Full, 10baseT/Half, got "1000baseT/Full"`,
    );
    await expect(applyPartnerSetting(ns, "nope0", "AUTO")).rejects.toThrow(`Could not apply fault "link partner nope0 in ${ns} set to AUTO": no interface nope0 in ${ns}`);
    expect(() => parsePartnerSetting("100BaseT/Full")).toThrow('expected one of AUTO, 1GbaseT/Full');
  });
});

describe("link partner on a NIC: ethtool argv", () => {
  it("forces speed and duplex with autonegotiation off, AUTO turns it on", () => {
    const argv = Object.fromEntries(PARTNER_SETTINGS.map((s) => [s, ethtoolArgs("enp3s0", s).join(" ")]));
    expect(argv).toEqual({
      AUTO: "-s enp3s0 autoneg on",
      "1GbaseT/Full": "-s enp3s0 speed 1000 duplex full autoneg off",
      "100baseT/Full": "-s enp3s0 speed 100 duplex full autoneg off",
      "100baseT/Half": "-s enp3s0 speed 100 duplex half autoneg off",
      "10baseT/Full": "-s enp3s0 speed 10 duplex full autoneg off",
      "10baseT/Half": "-s enp3s0 speed 10 duplex half autoneg off",
    });
  });

  it("restores what ethtool reported before", () => {
    const auto = parseEthtool("Settings for enp3s0:\n\tSpeed: 1000Mb/s\n\tDuplex: Full\n\tAuto-negotiation: on\n");
    expect(auto).toEqual({ speed: 1000, duplex: "full", autoneg: true });
    expect(restoreArgs("enp3s0", auto)).toEqual(["-s", "enp3s0", "autoneg", "on"]);
    const forced = parseEthtool("\tSpeed: 100Mb/s\n\tDuplex: Half\n\tAuto-negotiation: off\n");
    expect(restoreArgs("enp3s0", forced)).toEqual(["-s", "enp3s0", "speed", "100", "duplex", "half", "autoneg", "off"]);
    const unknown = parseEthtool("\tSpeed: Unknown!\n\tDuplex: Unknown! (255)\n\tAuto-negotiation: off\n");
    expect(unknown).toEqual({ autoneg: false });
    expect(restoreArgs("enp3s0", unknown)).toEqual(["-s", "enp3s0", "autoneg", "off"]);
  });
});
