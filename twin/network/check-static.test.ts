// Static LAN on the static preset: activation then name-and-IP; squatter, invalid settings, missing DNS, port-link
// mismatch with a forced link partner, DNS2 used when DNS1 is dead; DHCP where no DHCP server answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Portal } from "../../harness/platform/portal.ts";
import { applySquatter } from "../../netns/faults/index.ts";
import type { Lab } from "../../netns/lab/lab.ts";
import { connectionCheck } from "./check.ts";
import { run } from "../../netns/util/sh.ts";
import { stopPeerWatch } from "./peer.ts";
import type { NetDefectName } from "../defects.ts";
import { config, dutContext, labUp, portalSocket, staticV4 } from "./testkit.ts";
import type { TwinConfig } from "../state/config.ts";

let lab: Lab;
beforeAll(async () => {
  lab = await labUp("static");
}, 90_000);
afterAll(async () => {
  stopPeerWatch();
  await lab?.down();
});

const stat = (s: ReturnType<typeof staticV4>, more: Partial<TwinConfig> = {}) => config({ lan: "static", lanStatic: s, ...more });
const REACHED = /^(activation-code|ready)$/;
const good = staticV4("010.077.001.050", "010.077.001.001", "010.077.001.001");
async function id(cfg: TwinConfig, defects: NetDefectName[] = []) {
  const { outcome } = await connectionCheck(cfg, await dutContext(lab, { defects }));
  return outcome.kind === "error" ? outcome.error.id : outcome.kind;
}

describe("static IP on LAN", () => {
  it("reaches the activation code, then name and IP after activation", async () => {
    const ctx = await dutContext(lab);
    const first = await connectionCheck(stat(good), ctx);
    expect(first.outcome.kind).toBe("activation-code");
    if (first.outcome.kind !== "activation-code") return;
    await new Portal(portalSocket(lab)).activate(first.outcome.code, "static");
    const second = await connectionCheck(stat(good, { activated: true }), ctx, { applied: first.applied });
    expect(second.outcome).toMatchObject({ kind: "ready", name: "is_static", ip: "10.77.1.50" });
  }, 60_000);

  it("DHCP without a DHCP server: LAN has no IPv4 address (E10 on the older model)", async () => {
    const { outcome } = await connectionCheck(config(), await dutContext(lab));
    expect(outcome.kind === "error" && [outcome.error.id, outcome.error.text, outcome.legacy]).toEqual(["no-ipv4-lan", "LAN has no IPv4 address", ["E10"]]);
  }, 30_000);

  it("gateway outside the subnet: Invalid LAN IP configuration; 127.x: E09 on the older model", async () => {
    expect(await id(stat(staticV4("010.077.001.050", "010.077.002.001", "010.077.001.001")))).toBe("invalid-ip-lan");
    const { outcome } = await connectionCheck(stat(staticV4("127.000.000.005", "127.000.000.001", "010.077.001.001", undefined, "255.000.000.000")), await dutContext(lab));
    expect(outcome.kind === "error" && outcome.legacy).toEqual(["E09"]);
  }, 30_000);

  it("no DNS1/DNS2: LAN has no DNS servers", async () => {
    expect(await id(stat(staticV4("010.077.001.050", "010.077.001.001", "000.000.000.000")))).toBe("no-dns-servers-lan");
  }, 30_000);

  it("DNS1 dead, DNS2 working: resolved through DNS2; defect dns2-ignored: LAN DNS server not reachable", async () => {
    const s = staticV4("010.077.001.050", "010.077.001.001", "010.077.001.099", "010.077.001.001");
    expect(await id(stat(s))).toMatch(REACHED);
    expect(await id(stat(s), ["dns2-ignored"])).toBe("dns-unreachable-lan");
  }, 60_000);

  it("another host holds the address: Duplicate IP detected", async () => {
    const f = await applySquatter(lab.ns("target1"), "eth0", "10.77.1.50/24");
    try {
      expect(await id(stat(good))).toBe("duplicate-ip-lan");
    } finally {
      await f.remove();
    }
  }, 30_000);

  it("a link partner forced to 100baseT/Full (alias on the lab end of the cable): AUTO gets no carrier, the same setting links", async () => {
    const end = lab.cableEnd("lan0");
    const alias = (value: string) => run("ip", ["-n", end.ns, "link", "set", "dev", end.iface, "alias", value]);
    await alias("hil-link-partner=100baseT/Full");
    try {
      expect(await id(stat(good))).toBe("no-ipv4-lan");
      expect(await id(stat(good, { ports: { lan: "100baseT/Full", wan: "AUTO" } }))).toMatch(REACHED);
    } finally {
      await alias("");
    }
    expect(await id(stat(good))).toMatch(REACHED);
  }, 60_000);
});
