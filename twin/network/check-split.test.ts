// Split network: WAN by DHCP or static reaches the platform while captures show no management traffic on the LAN;
// same subnet / same gateway rows; NXDOMAIN on a LAN whose DNS does not know the platform; the mgmt-on-lan defect.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCapture, tcpTo } from "../../harness/capture/index.ts";
import { Portal } from "../../harness/platform/portal.ts";
import type { Lab } from "../../netns/lab/lab.ts";
import { Deadline } from "../../netns/util/deadline.ts";
import type { TwinConfig } from "../state/config.ts";
import { connectionCheck, type PollAnswer } from "./check.ts";
import { Scanner } from "./scan.ts";
import type { NetDefectName } from "../defects.ts";
import { config, dutContext, labUp, portalSocket, preset } from "./testkit.ts";

let lab: Lab;
beforeAll(async () => {
  lab = await labUp("split");
}, 90_000);
afterAll(async () => {
  await lab?.down();
});

const wanStatic = (ip: string, gateway: string, dns1: string) => ({ ip, netmask: "255.255.255.000", gateway, dns1, dns2: "000.000.000.000" });
const split = (more: Partial<TwinConfig> = {}) => config({ wan: "dhcp", ...more });
async function id(l: Lab, cfg: TwinConfig, defects: NetDefectName[] = []) {
  const { outcome } = await connectionCheck(cfg, await dutContext(l, { defects }));
  return outcome.kind === "error" ? outcome.error.id : outcome.kind;
}

describe("split network", () => {
  it("DHCP on WAN: activation then name and LAN IP; no management traffic on the LAN, all of it on the WAN", async () => {
    const ctx = await dutContext(lab);
    await using lanCap = await startCapture({ ns: lab.ns("dut"), iface: "lan0", file: lab.path("split-lan.pcap"), deadline: Deadline.in(10_000) });
    await using wanCap = await startCapture({ ns: lab.ns("dut"), iface: "wan0", file: lab.path("split-wan.pcap"), deadline: Deadline.in(10_000) });
    const first = await connectionCheck(split(), ctx);
    expect(first.outcome.kind, JSON.stringify(first.outcome)).toBe("activation-code");
    if (first.outcome.kind !== "activation-code") return;
    await new Portal(portalSocket(lab)).activate(first.outcome.code, "split");
    const second = await connectionCheck(split({ activated: true }), ctx, { applied: first.applied });
    expect(second.outcome).toMatchObject({ kind: "ready", name: "is_split", ip: first.applied.lan.address });
    expect(first.applied.lan.address).toMatch(/^10\.77\.1\./);
    await lanCap.stop();
    await wanCap.stop();
    expect((await lanCap.frames()).filter((f) => tcpTo("10.77.9.10", 443).test(f) || f.dns?.query.name === "qualysguard.qualys.test")).toHaveLength(0);
    expect((await wanCap.frames()).filter((f) => tcpTo("10.77.9.10", 443).test(f)).length).toBeGreaterThan(0);
  }, 90_000);

  it("static IP on WAN reaches the platform", async () => {
    expect(await id(lab, split({ wan: "static", wanStatic: wanStatic("010.077.002.050", "010.077.002.001", "010.077.002.001") }))).toMatch(/^(activation-code|ready)$/);
  }, 60_000);

  it("LAN and WAN on the same subnet: Duplicate LAN and WAN config", async () => {
    expect(await id(lab, split({ wan: "static", wanStatic: wanStatic("010.077.001.060", "010.077.001.001", "010.077.002.001") }))).toBe("lan-wan-same-subnet");
  }, 60_000);

  it("standard config on a LAN whose DNS does not know the platform: LAN DNS can't resolve QG URL", async () => {
    expect(await id(lab, config())).toBe("dns-platform-lan");
  }, 60_000);

  it("defect mgmt-on-lan: the platform connection leaves through the LAN (seen on the wire)", async () => {
    await using lanCap = await startCapture({ ns: lab.ns("dut"), iface: "lan0", file: lab.path("leak-lan.pcap"), deadline: Deadline.in(10_000) });
    await id(lab, split(), ["mgmt-on-lan"]);
    await lanCap.stop();
    expect((await lanCap.frames()).filter((f) => tcpTo("10.77.9.10", 443).test(f)).length).toBeGreaterThan(0);
  }, 60_000);
});

describe("split network, scanning through the WAN", () => {
  it("a scan on a static route via the WAN gateway reaches a target on the WAN side; without the route it does not", async () => {
    const ctx = await dutContext(lab);
    const cfg = split({ activated: true });
    const { outcome, applied } = await connectionCheck(cfg, ctx);
    if (outcome.kind !== "ready") throw new Error(JSON.stringify(outcome));
    const portal = new Portal(portalSocket(lab));
    const id = outcome.answer.applianceId!;
    await portal.setStaticRoutes(id, [{ destination: "10.77.9.0/24", gateway: "10.77.2.1" }]);
    const routed = await portal.launchScan(id, { title: "via WAN", targets: ["10.77.9.10"], route: "10.77.9.0/24" });
    const plain = await portal.launchScan(id, { title: "LAN only", targets: ["10.77.9.10"] });
    const polled = await connectionCheck(cfg, ctx, { applied });
    await Promise.all(new Scanner(cfg, ctx, applied).handle((polled.outcome as { answer: PollAnswer }).answer));
    const result = async (scanId: string) => (await portal.scan(scanId)).results[0] as { icmp: boolean };
    expect((await result(routed.id)).icmp).toBe(true);
    expect((await result(plain.id)).icmp).toBe(false);
  }, 90_000);
});

describe("split network, WAN lease with the LAN's gateway", () => {
  it("LAN and WAN same gateway", async () => {
    const t = await preset("split");
    const dhcp = ((t.hosts.wanrtr!.services as Record<string, Record<string, Record<string, unknown>>>).dnsmasq!.dhcp!);
    dhcp.router = "10.77.1.1";
    t.name = "split-same-gw";
    const l = await labUp(t);
    try {
      expect(await id(l, split())).toBe("lan-wan-same-gateway");
    } finally {
      await l.down();
    }
  }, 90_000);
});
