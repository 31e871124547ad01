import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { startDnsmasq } from "./dnsmasq.ts";
import { isAlive } from "./proc.ts";
import { createTestLab, type TestLab } from "./testlab.ts";
import { dhcpv6Offer, nslookup, udhcpcLease } from "./testclients.ts";
import { Deadline } from "../util/deadline.ts";
import { waitLinkLocal } from "./preflight.ts";

let lab: TestLab;
const started: number[] = [];

beforeAll(async () => {
  lab = await createTestLab({
    nodes: ["srv", "cli"],
    links: [
      { a: ["srv", "eth0", ["10.77.0.1/24", "2001:db8:77::1/64"]], b: ["cli", "eth0", ["10.77.0.2/24"]] },
      { a: ["srv", "eth1", ["10.77.1.1/24"]], b: ["cli", "eth1", []] },
    ],
  });
});
afterAll(async () => lab?.destroy());

const range = { start: "10.77.0.100", end: "10.77.0.150" };

describe("dnsmasq DHCPv4", () => {
  it("leases an address with gateway, DNS servers, WINS servers and domain", async () => {
    const dnsmasq = await startDnsmasq(lab.ctx("srv", "dhcp-full"), {
      interfaces: ["eth0"],
      dhcp: { ranges: [range], router: "10.77.0.1", dnsServers: ["10.77.0.53", "10.77.0.54"], winsServers: ["10.77.0.44"], domain: "lab.example" },
    });
    started.push(dnsmasq.pid);
    try {
      const lease = await udhcpcLease(lab.ns("cli"), "eth0", join(lab.dir, "client-full"), ["wins"]);
      expect(lease?.ip).toMatch(/^10\.77\.0\.(1[0-4]\d|150)$/);
      expect(lease?.router).toBe("10.77.0.1");
      expect(lease?.dns?.split(" ")).toEqual(["10.77.0.53", "10.77.0.54"]);
      expect(lease?.wins).toBe("10.77.0.44");
      expect(lease?.domain).toBe("lab.example");
      expect(lease?.subnet).toBe("255.255.255.0");
      const leases = await dnsmasq.leases();
      expect(leases.map((l) => l.address)).toContain(lease?.ip);
    } finally {
      await dnsmasq.stop();
    }
  });

  it("leases an address without gateway and without DNS servers when none are configured", async () => {
    const dnsmasq = await startDnsmasq(lab.ctx("srv", "dhcp-bare"), { interfaces: ["eth0"], dhcp: { ranges: [range] } });
    started.push(dnsmasq.pid);
    try {
      const lease = await udhcpcLease(lab.ns("cli"), "eth0", join(lab.dir, "client-bare"));
      expect(lease?.ip).toMatch(/^10\.77\.0\./);
      expect(lease?.router).toBeUndefined();
      expect(lease?.dns).toBeUndefined();
    } finally {
      await dnsmasq.stop();
    }
  });

  it("two instances on two interfaces of one namespace (LAN and WAN) each serve their own segment", async () => {
    const lan = await startDnsmasq(lab.ctx("srv", "lan"), { interfaces: ["eth0"], dhcp: { ranges: [range], router: "10.77.0.1" }, dns: {} });
    started.push(lan.pid);
    try {
      const wan = await startDnsmasq(lab.ctx("srv", "wan"), { interfaces: ["eth1"], dhcp: { ranges: [{ start: "10.77.1.100", end: "10.77.1.150" }], router: "10.77.1.1" }, dns: {} });
      started.push(wan.pid);
      try {
        expect((await udhcpcLease(lab.ns("cli"), "eth0", join(lab.dir, "client-lan")))?.router).toBe("10.77.0.1");
        expect((await udhcpcLease(lab.ns("cli"), "eth1", join(lab.dir, "client-wan")))?.router).toBe("10.77.1.1");
      } finally {
        await wan.stop();
      }
    } finally {
      await lan.stop();
    }
  });

  it("gives no lease when no DHCP server runs", async () => {
    expect(await udhcpcLease(lab.ns("cli"), "eth0", join(lab.dir, "client-none"))).toBeUndefined();
  });
});

describe("dnsmasq DHCPv6", () => {
  it("offers an address from the range and the DNS servers (router advertisements are left to radvd)", async () => {
    await waitLinkLocal(lab.ns("cli"), "eth0", Deadline.in(5000, "client link-local"));
    const dnsmasq = await startDnsmasq(lab.ctx("srv", "dhcpv6"), {
      interfaces: ["eth0"],
      dhcpv6: { ranges: [{ start: "2001:db8:77::100", end: "2001:db8:77::1ff" }], dnsServers: ["2001:db8:77::53"] },
    });
    started.push(dnsmasq.pid);
    try {
      const offer = await dhcpv6Offer(lab.ns("cli"), "eth0");
      expect(offer?.dnsServers).toEqual(["2001:db8:77::53"]);
      expect(offer?.addresses[0]).toMatch(/^2001:db8:77::1[0-9a-f]{2}$/);
      expect(await readFile(dnsmasq.configFile, "utf8")).not.toMatch(/enable-ra|ra-only|slaac/);
    } finally {
      await dnsmasq.stop();
    }
    expect(await dhcpv6Offer(lab.ns("cli"), "eth0", 500)).toBeUndefined();
  });
});

describe("dnsmasq DNS", () => {
  it("answers A and AAAA records and NXDOMAIN for chosen names (DNS only, no DHCP)", async () => {
    const dnsmasq = await startDnsmasq(lab.ctx("srv", "dns"), {
      interfaces: ["eth0"],
      dns: {
        records: [{ name: "qualysguard.lab.example", address: "10.77.0.80" }, { name: "qualysguard.lab.example", address: "2001:db8:77::80" }],
        nxdomain: ["proxy.lab.example"],
      },
    });
    started.push(dnsmasq.pid);
    try {
      expect(await nslookup(lab.ns("cli"), "qualysguard.lab.example", "10.77.0.1")).toEqual({ kind: "answer", addresses: ["10.77.0.80"] });
      expect(await nslookup(lab.ns("cli"), "qualysguard.lab.example", "10.77.0.1", "aaaa")).toEqual({ kind: "answer", addresses: ["2001:db8:77::80"] });
      expect(await nslookup(lab.ns("cli"), "proxy.lab.example", "10.77.0.1")).toEqual({ kind: "nxdomain" });
      expect(await nslookup(lab.ns("cli"), "unknown.example", "10.77.0.1")).toEqual({ kind: "nxdomain" });
      expect(await udhcpcLease(lab.ns("cli"), "eth0", join(lab.dir, "client-dnsonly"))).toBeUndefined();
    } finally {
      await dnsmasq.stop();
    }
  });

  it("answers a name with only an A record with an empty AAAA answer; unknown names REFUSED when asked to", async () => {
    const dnsmasq = await startDnsmasq(lab.ctx("srv", "dns-refused"), {
      interfaces: ["eth0"],
      dns: { records: [{ name: "v4only.lab.example", address: "10.77.0.81" }], unknownNames: "refused" },
    });
    started.push(dnsmasq.pid);
    try {
      expect(await nslookup(lab.ns("cli"), "unknown.example", "10.77.0.1")).toEqual({ kind: "refused" });
      expect(await nslookup(lab.ns("cli"), "v4only.lab.example", "10.77.0.1")).toEqual({ kind: "answer", addresses: ["10.77.0.81"] });
    } finally {
      await dnsmasq.stop();
    }
    const strict = await startDnsmasq(lab.ctx("srv", "dns-nodata"), { interfaces: ["eth0"], dns: { records: [{ name: "v4only.lab.example", address: "10.77.0.81" }] } });
    started.push(strict.pid);
    try {
      expect(await nslookup(lab.ns("cli"), "v4only.lab.example", "10.77.0.1", "aaaa")).toEqual({ kind: "answer", addresses: [] });
    } finally {
      await strict.stop();
    }
  });

  it("in silent mode lets queries time out, and answers again once stopped and restarted", async () => {
    const ctx = lab.ctx("srv", "dns-silent");
    const dnsmasq = await startDnsmasq(ctx, { interfaces: ["eth0"], dns: { records: [{ name: "a.lab.example", address: "10.77.0.9" }], silent: true } });
    started.push(dnsmasq.pid);
    try {
      expect(await nslookup(lab.ns("cli"), "a.lab.example", "10.77.0.1")).toMatchObject({ kind: "timeout" });
    } finally {
      await dnsmasq.stop();
    }
    const again = await startDnsmasq(ctx, { interfaces: ["eth0"], dns: { records: [{ name: "a.lab.example", address: "10.77.0.9" }] } });
    started.push(again.pid);
    try {
      expect(await nslookup(lab.ns("cli"), "a.lab.example", "10.77.0.1")).toEqual({ kind: "answer", addresses: ["10.77.0.9"] });
    } finally {
      await again.stop();
    }
  });
});

describe("dnsmasq options and lifecycle", () => {
  it("rejects bad options naming the field, what was expected and what was found", async () => {
    await expect(startDnsmasq(lab.ctx("srv", "bad"), { interfaces: ["eth0"], dhcp: { ranges: [{ start: "10.77.0.300", end: "10.77.0.9" }] } })).rejects.toThrow(
      'Invalid dnsmasq options in dnsmasq in ' + lab.ns("srv") + ':\n  dhcp.ranges.0.start: expected an IPv4 address, got "10.77.0.300"',
    );
    await expect(startDnsmasq(lab.ctx("srv", "bad"), { interfaces: ["eth0"], dhcp: { ranges: [range] }, tftp: true } as never)).rejects.toThrow(/Unrecognized key.*tftp/);
  });

  it("refuses to start on an interface the namespace does not have", async () => {
    await expect(startDnsmasq(lab.ctx("srv", "badif"), { interfaces: ["nosuch0"], dhcp: { ranges: [range] } })).rejects.toThrow(
      `Cannot start dnsmasq: interface nosuch0 does not exist in namespace ${lab.ns("srv")} (it has: lo, eth0, eth1)`,
    );
  });

  it("fails start with dnsmasq's own complaint when its port is taken, leaving no process", async () => {
    const first = await startDnsmasq(lab.ctx("srv", "port-a"), { interfaces: ["eth0"], dns: {} });
    started.push(first.pid);
    try {
      const error = await startDnsmasq(lab.ctx("srv", "port-b"), { interfaces: ["eth0"], dns: {} }).then(
        async (s) => (await s.stop(), undefined),
        (e: Error) => e,
      );
      expect(error?.message).toMatch(/^Could not start dnsmasq in namespace \S+: the process ended \(exit code \d+\) before it was ready/);
      expect(error?.message).toMatch(/Address (already )?in use/);
    } finally {
      await first.stop();
    }
  });

  it("stop is idempotent and leaves no process behind", async () => {
    const dnsmasq = await startDnsmasq(lab.ctx("srv", "twice"), { interfaces: ["eth0"], dns: {} });
    started.push(dnsmasq.pid);
    await Promise.all([dnsmasq.stop(), dnsmasq.stop()]);
    await dnsmasq.stop();
    for (const pid of started) expect(await isAlive(pid), `pid ${pid} still alive`).toBe(false);
  });
});
