// Per preset, a client in `dut` gets what the manual expects: leases (with/without router), DNS answers and
// NXDOMAIN, the platform reachable (or not), split LAN/WAN, and a lease on VLAN 100 only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSyslog } from "../services/syslog.ts";
import { curl, nslookup } from "../services/testclients.ts";
import { Deadline } from "../util/deadline.ts";
import { loadTopology } from "../topology/load.ts";
import { Lab } from "./lab.ts";
import { applyLease, lease } from "./testkit/client.ts";

const PLATFORM = "qualysguard.qualys.test";

function withLab(spec: Parameters<typeof Lab.up>[0], options: Parameters<typeof Lab.up>[1], body: (get: () => Lab) => void) {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.up(spec, options);
  });
  afterAll(() => lab?.down());
  body(() => lab);
}

describe("preset standard", () => {
  withLab("standard", {}, (lab) => {
    it("DHCP lease with router, DNS server and domain of the LAN", async () => {
      const l = await lease(lab(), "dut", "lan0");
      expect(l).toBeDefined();
      expect(l!.ip).toMatch(/^10\.77\.1\.(1\d\d)$/);
      expect(l!.router).toBe("10.77.1.1");
      expect(l!.dns).toBe("10.77.1.1");
      expect(l!.domain).toBe("lab.test");
      await applyLease(lab(), "dut", "lan0", l!);
    });
    it("DNS answers the platform's name and NXDOMAIN for an unknown one", async () => {
      expect(await nslookup(lab().ns("dut"), PLATFORM, "10.77.1.1")).toEqual({ kind: "answer", addresses: ["10.77.9.10"] });
      expect(await nslookup(lab().ns("dut"), "nothing.invalid.test", "10.77.1.1")).toEqual({ kind: "nxdomain" });
    });
    it("the LAN's syslog receiver records what the DUT sends", async () => {
      await lab().exec("dut", "socat", ["-u", "-", "UDP4-SENDTO:10.77.1.1:514"], { input: "<14>hil-lab-test: hello from dut" });
      const syslog = lab().service("lanrtr", "syslog").handle as RunningSyslog;
      const got = await syslog.waitFor({ contains: "hello from dut" }, Deadline.in(5_000, "syslog record from dut"));
      expect(got[0]).toMatchObject({ protocol: "udp", severity: 6 });
      expect(got[0]!.source).toMatch(/^10\.77\.1\.1\d\d$/);
    });
    it("the platform answers HTTPS through the router", async () => {
      const r = await curl(lab().ns("dut"), "https://10.77.9.10/");
      expect(r.exitCode).toBe(0);
      expect(r.httpCode).toBeGreaterThan(0);
    });
  });
});

describe("standard without a DHCP router option", () => {
  const noRouter = async () => {
    const t = JSON.parse(JSON.stringify(await loadTopology("standard")));
    delete t.hosts.lanrtr.services.dnsmasq.dhcp.router;
    delete t.hosts.cloud.services;
    return t;
  };
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.up(await noRouter());
  });
  afterAll(() => lab?.down());
  it("the lease has no router", async () => {
    const l = await lease(lab, "dut", "lan0");
    expect(l?.ip).toMatch(/^10\.77\.1\./);
    expect(l?.router).toBeUndefined();
  });
});

describe("preset static", () => {
  withLab("static", { services: ["dnsmasq"] }, (lab) => {
    it("no DHCP: no lease", async () => {
      expect(await lease(lab(), "dut", "lan0")).toBeUndefined();
    });
    it("with a static address, DNS on the LAN answers", async () => {
      await lab().exec("dut", "ip", ["addr", "add", "10.77.1.50/24", "dev", "lan0"]);
      expect(await nslookup(lab().ns("dut"), PLATFORM, "10.77.1.1")).toEqual({ kind: "answer", addresses: ["10.77.9.10"] });
    });
  });
});

describe("preset split", () => {
  withLab("split", {}, (lab) => {
    it("LAN and WAN leases come from different subnets; only the WAN lease routes", async () => {
      const lan = await lease(lab(), "dut", "lan0");
      const wan = await lease(lab(), "dut", "wan0");
      expect(lan?.ip).toMatch(/^10\.77\.1\./);
      expect(wan?.ip).toMatch(/^10\.77\.2\./);
      expect(wan?.router).toBe("10.77.2.1");
      await applyLease(lab(), "dut", "lan0", lan!, false);
      await applyLease(lab(), "dut", "wan0", wan!);
      expect(await nslookup(lab().ns("dut"), PLATFORM, "10.77.2.1")).toEqual({ kind: "answer", addresses: ["10.77.9.10"] });
      expect((await curl(lab().ns("dut"), "https://10.77.9.10/")).exitCode).toBe(0);
    });
    it("the LAN side has no way to the platform", async () => {
      expect((await lab().exec("lanrtr", "ip", ["route", "get", "10.77.9.10"], { allowFailure: true })).exitCode).not.toBe(0);
    });
  });
});

describe("preset vlan", () => {
  withLab("vlan", { services: ["dnsmasq"] }, (lab) => {
    it("untagged frames get no lease", async () => {
      expect(await lease(lab(), "dut", "lan0")).toBeUndefined();
    });
    it("VLAN 100 gets a lease from the VLAN's subnet", async () => {
      const iface = await lab().addVlan("dut", "lan0", 100);
      const l = await lease(lab(), "dut", iface);
      expect(l?.ip).toMatch(/^10\.77\.100\.1\d\d$/);
      expect(l?.router).toBe("10.77.100.1");
    });
  });
});
