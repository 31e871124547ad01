// Presets of the Quick Start chart scenarios: LANs without DHCP (proxy-static, split-static, split-proxy-static),
// a split network whose WAN leads out only through a basic proxy (split-proxy, split-proxy-static), and an IPv6 LAN
// where only a manual address works (ipv6-static).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curl, nslookup } from "../services/testclients.ts";
import { Lab } from "./lab.ts";
import { applyLease, lease } from "./testkit/client.ts";

const PLATFORM = "qualysguard.qualys.test";
const PLATFORM_URL = `https://${PLATFORM}/`;
const PASSWORD = "lab-proxy-Pw1"; // the presets' test account (fixtures/labs/split-proxy.yaml)

function withLab(preset: string, body: (get: () => Lab) => void) {
  describe(`preset ${preset}`, () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await Lab.up(preset);
    });
    afterAll(() => lab?.down());
    body(() => lab);
  });
}

/** The split-proxy checks: WAN lease, proxy name only on the WAN's DNS, no way out but the proxy's CONNECT. */
function wanBehindProxy(lab: () => Lab) {
  it("the WAN lease's DNS knows the proxy, the LAN's does not; only the proxy leads out", async () => {
    const wan = await lease(lab(), "dut", "wan0");
    expect(wan?.ip).toMatch(/^10\.77\.2\./);
    expect(wan?.router).toBe("10.77.2.1");
    await applyLease(lab(), "dut", "wan0", wan!);
    const ns = lab().ns("dut");
    expect(await nslookup(ns, "proxy.lab.test", "10.77.2.1")).toEqual({ kind: "answer", addresses: ["10.77.2.3"] });
    expect([7, 28]).toContain((await curl(ns, "https://10.77.9.10/", { connectTimeout: 2, maxTime: 4 })).exitCode);
    expect((await curl(ns, PLATFORM_URL, { proxy: "10.77.2.3:3128" })).httpConnect).toBe(407);
    const ok = await curl(ns, PLATFORM_URL, { proxy: "10.77.2.3:3128", auth: { scheme: "basic", user: "scanner", password: PASSWORD } });
    expect([ok.httpConnect, ok.exitCode]).toEqual([200, 0]);
  });
}

/** A LAN without DHCP whose DNS still answers for the targets. */
function lanWithoutDhcp(lab: () => Lab) {
  it("no DHCP on the LAN; with a static address its DNS answers", async () => {
    expect(await lease(lab(), "dut", "lan0")).toBeUndefined();
    await lab().exec("dut", "ip", ["addr", "add", "10.77.1.50/24", "dev", "lan0"]);
    expect(await nslookup(lab().ns("dut"), "target1.lab.test", "10.77.1.1")).toEqual({ kind: "answer", addresses: ["10.77.1.21"] });
  });
}

withLab("split-proxy", (lab) => {
  it("the LAN lease's DNS knows neither the proxy nor the platform", async () => {
    const lan = await lease(lab(), "dut", "lan0");
    expect(lan?.ip).toMatch(/^10\.77\.1\./);
    await applyLease(lab(), "dut", "lan0", lan!, false);
    expect((await nslookup(lab().ns("dut"), "proxy.lab.test", "10.77.1.1")).kind).not.toBe("answer");
    expect((await nslookup(lab().ns("dut"), PLATFORM, "10.77.1.1")).kind).not.toBe("answer");
  });
  wanBehindProxy(lab);
});

withLab("split-proxy-static", (lab) => {
  lanWithoutDhcp(lab);
  wanBehindProxy(lab);
});

withLab("split-static", (lab) => {
  lanWithoutDhcp(lab);
  it("the WAN lease routes to the platform", async () => {
    const wan = await lease(lab(), "dut", "wan0");
    await applyLease(lab(), "dut", "wan0", wan!);
    expect(await nslookup(lab().ns("dut"), PLATFORM, "10.77.2.1")).toEqual({ kind: "answer", addresses: ["10.77.9.10"] });
    expect((await curl(lab().ns("dut"), "https://10.77.9.10/")).exitCode).toBe(0);
  });
});

withLab("proxy-static", (lab) => {
  lanWithoutDhcp(lab);
  it("the platform only through the basic proxy", async () => {
    const ns = lab().ns("dut");
    await lab().exec("dut", "ip", ["route", "add", "default", "via", "10.77.1.1"]);
    expect([7, 28]).toContain((await curl(ns, "https://10.77.9.10/", { connectTimeout: 2, maxTime: 4 })).exitCode);
    const ok = await curl(ns, PLATFORM_URL, { proxy: "10.77.1.3:3128", auth: { scheme: "basic", user: "scanner", password: PASSWORD } });
    expect([ok.httpConnect, ok.exitCode]).toEqual([200, 0]);
  });
});

withLab("ipv6-static", (lab) => {
  it("with a manual address and gateway, the LAN's DNS answers AAAA and the platform is reachable", async () => {
    await lab().exec("dut", "sysctl", ["-qw", "net.ipv6.conf.lan0.accept_dad=0"]);
    await lab().exec("dut", "ip", ["-6", "addr", "add", "fd77:1::50/64", "dev", "lan0", "nodad"]);
    await lab().exec("dut", "ip", ["-6", "route", "add", "default", "via", "fd77:1::1"]);
    expect(await nslookup(lab().ns("dut"), PLATFORM, "fd77:1::1", "aaaa")).toEqual({ kind: "answer", addresses: ["fd77:9::10"] });
    expect((await curl(lab().ns("dut"), "https://[fd77:9::10]/")).exitCode).toBe(0);
  });
});
