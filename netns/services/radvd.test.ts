import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { run } from "../util/sh.ts";
import { startRadvd } from "./radvd.ts";
import { isAlive } from "./proc.ts";
import { createTestLab, type TestLab } from "./testlab.ts";
import { decodeFields, startCapture } from "./testclients.ts";

let lab: TestLab;
beforeAll(async () => {
  lab = await createTestLab({ nodes: ["rtr", "cli"], links: [{ a: ["rtr", "eth0", ["2001:db8:88::1/64"]], b: ["cli", "eth0", []] }] });
});
afterAll(async () => lab?.destroy());

async function globalAddresses(ns: string, ifname: string): Promise<string[]> {
  const { stdout } = await run("ip", ["-n", ns, "-j", "-6", "addr", "show", "dev", ifname, "scope", "global"]);
  const links = JSON.parse(stdout || "[]") as { addr_info: { local?: string; tentative?: boolean }[] }[];
  return links.flatMap((l) => l.addr_info.flatMap((a) => (a.local && !a.tentative ? [a.local] : [])));
}

describe("radvd", () => {
  it("gives the client a SLAAC address and announces RDNSS and the managed/other flags", async () => {
    const capture = await startCapture(lab.ctx("cli", "capture"), "eth0", "icmp6");
    const radvd = await startRadvd(lab.ctx("rtr", "radvd"), {
      interface: "eth0",
      prefixes: [{ prefix: "2001:db8:88::/64" }],
      rdnss: ["2001:db8:88::53"],
      managed: true,
      other: true,
    });
    try {
      expect(radvd.readyMs).toBeGreaterThan(0);
      const addresses = await pollUntil(
        async () => {
          const found = (await globalAddresses(lab.ns("cli"), "eth0")).filter((a) => a.startsWith("2001:db8:88:"));
          return found.length ? found : undefined;
        },
        Deadline.in(15_000, "SLAAC address on the client"),
      );
      expect(addresses[0]).toMatch(/^2001:db8:88:0?:/);
      const ras = await pollUntil(
        async () => {
          const rows = await decodeFields(capture.file, "icmpv6.type == 134", ["icmpv6.opt.prefix", "icmpv6.opt.rdnss", "icmpv6.nd.ra.flag.m", "icmpv6.nd.ra.flag.o"]);
          return rows.length ? rows : undefined;
        },
        Deadline.in(10_000, "a router advertisement in the capture"),
      );
      const [prefix, rdnss, m, o] = ras[0]!;
      expect(prefix).toBe("2001:db8:88::");
      expect(rdnss).toBe("2001:db8:88::53");
      expect([m, o].map((f) => ["1", "True", "true"].includes(f ?? ""))).toEqual([true, true]);
    } finally {
      await radvd.stop();
      await capture.stop();
    }
    expect(await isAlive(radvd.pid)).toBe(false);
    expect(await isAlive(capture.pid)).toBe(false);
  });

  it("rejects a bad prefix naming the field", async () => {
    await expect(startRadvd(lab.ctx("rtr", "bad"), { interface: "eth0", prefixes: [{ prefix: "10.0.0.0/8" }] })).rejects.toThrow(
      /prefixes\.0\.prefix: expected an IPv6 prefix like 2001:db8:1::\/64, got "10\.0\.0\.0\/8"/,
    );
  });
});
