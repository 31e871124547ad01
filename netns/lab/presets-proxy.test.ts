// Proxy presets: the cloud is reachable only through squid's CONNECT, per authentication case; IPv6-only:
// SLAAC with RDNSS and DHCPv6, no IPv4.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curl, dhcpv6Offer, nslookup } from "../services/testclients.ts";
import { Lab } from "./lab.ts";
import { applyLease, lease } from "./testkit/client.ts";
import { sniff } from "./testkit/sniff.ts";
import { Deadline, pollUntil } from "../util/deadline.ts";

const PLATFORM_URL = "https://qualysguard.qualys.test/";
const PROXY = "10.77.1.3:3128";
const PASSWORD = "lab-proxy-Pw1"; // the preset's test account (fixtures/labs/proxy-basic.yaml)

function proxyLab(preset: string, cases: (lab: () => Lab) => void) {
  describe(`preset ${preset}`, () => {
    let lab: Lab;
    beforeAll(async () => {
      lab = await Lab.up(preset);
      const l = await lease(lab, "dut", "lan0");
      await applyLease(lab, "dut", "lan0", l!);
    });
    afterAll(() => lab?.down());
    it("no direct route to the cloud", async () => {
      const r = await curl(lab.ns("dut"), "https://10.77.9.10/", { connectTimeout: 2, maxTime: 4 });
      expect([7, 28]).toContain(r.exitCode);
    });
    cases(() => lab);
  });
}

proxyLab("proxy-open", (lab) => {
  it("CONNECT without credentials: 200", async () => {
    const r = await curl(lab().ns("dut"), PLATFORM_URL, { proxy: PROXY });
    expect(r.httpConnect).toBe(200);
    expect(r.exitCode).toBe(0);
  });
});

proxyLab("proxy-basic", (lab) => {
  it("CONNECT without credentials: 407", async () => {
    expect((await curl(lab().ns("dut"), PLATFORM_URL, { proxy: PROXY })).httpConnect).toBe(407);
  });
  it("CONNECT with the wrong password: 407; with the right one: 200", async () => {
    const ns = lab().ns("dut");
    expect((await curl(ns, PLATFORM_URL, { proxy: PROXY, auth: { scheme: "basic", user: "scanner", password: "wrong" } })).httpConnect).toBe(407);
    const ok = await curl(ns, PLATFORM_URL, { proxy: PROXY, auth: { scheme: "basic", user: "scanner", password: PASSWORD } });
    expect(ok.httpConnect).toBe(200);
    expect(ok.exitCode).toBe(0);
  });
  it("CONNECT as the ACL-denied user with the right password: 403", async () => {
    const auth = { scheme: "basic" as const, user: "denied", password: "lab-proxy-Pw2" }; // the preset's denied account
    expect((await curl(lab().ns("dut"), PLATFORM_URL, { proxy: PROXY, auth })).httpConnect).toBe(403);
  });
});

proxyLab("proxy-ntlm", (lab) => {
  it("CONNECT with NTLM as domain\\user: 200 for the listed user, 407 for another", async () => {
    const ns = lab().ns("dut");
    const ok = await curl(ns, PLATFORM_URL, { proxy: PROXY, auth: { scheme: "ntlm", user: "LAB\\scanner", password: "any" } });
    expect(ok.httpConnect).toBe(200);
    expect((await curl(ns, PLATFORM_URL, { proxy: PROXY, auth: { scheme: "ntlm", user: "LAB\\mallory", password: "any" } })).httpConnect).toBe(407);
    expect((await curl(ns, PLATFORM_URL, { proxy: PROXY })).httpConnect).toBe(407);
  });
});

describe("preset ipv6-only", () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.up("ipv6-only");
  });
  afterAll(() => lab?.down());

  it("router advertisements carry the prefix, RDNSS and the managed/other flags", async () => {
    const lines = await sniff(lab.ns("dut"), "lan0", "-vv icmp6 and ip6[40] == 134", async () => {
      // Re-solicit: take the link down and up, the kernel sends a router solicitation and radvd answers.
      await lab.exec("dut", "ip", ["link", "set", "lan0", "down"]);
      await lab.exec("dut", "ip", ["link", "set", "lan0", "up"]);
      await pollUntil(async () => ((await lab.exec("dut", "ip", ["-6", "addr", "show", "dev", "lan0", "scope", "global"])).stdout.includes("fd77:1:") ? true : undefined), Deadline.in(15_000, "SLAAC address on dut lan0"));
    });
    const text = lines.join("\n");
    expect(text).toMatch(/router advertisement/);
    expect(text).toMatch(/Flags \[managed, other stateful\]/);
    expect(text).toMatch(/prefix info option.*\n?.*fd77:1::\/64/);
    expect(text).toMatch(/rdnss option.*\n?.*fd77:1::1/);
  });

  it("SLAAC gives an address in fd77:1::/64 and no IPv4 anywhere", async () => {
    const addrs = (await lab.exec("dut", "ip", ["-6", "addr", "show", "dev", "lan0", "scope", "global"])).stdout;
    expect(addrs).toMatch(/inet6 fd77:1:[0-9a-f:]+\/64/);
    expect((await lab.exec("dut", "ip", ["-4", "addr", "show", "dev", "lan0"])).stdout).toBe("");
    expect(await lease(lab, "dut", "lan0")).toBeUndefined();
  });

  it("DHCPv6 offers an address and the DNS server; DNS answers AAAA for the platform", async () => {
    const offer = await dhcpv6Offer(lab.ns("dut"), "lan0");
    expect(offer?.addresses[0]).toMatch(/^fd77:1::1[0-9a-f]{2}$/);
    expect(offer?.dnsServers).toEqual(["fd77:1::1"]);
    expect(await nslookup(lab.ns("dut"), "qualysguard.qualys.test", "fd77:1::1", "aaaa")).toEqual({ kind: "answer", addresses: ["fd77:9::10"] });
  });

  it("the platform answers over IPv6 through the router learnt from the RA", async () => {
    const r = await curl(lab.ns("dut"), "https://[fd77:9::10]/");
    expect(r.exitCode).toBe(0);
  });
});
