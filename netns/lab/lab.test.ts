// Lab up/down against the real kernel: what up builds, that down (and a failed up) leaves nothing behind.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Deadline } from "../util/deadline.ts";
import { loadTopology } from "../topology/load.ts";
import { Lab } from "./lab.ts";
import type { Manifest } from "./manifest.ts";
import { hostInterfaces, hostRoutes, leftovers, NOTHING } from "./testkit/leftovers.ts";

describe("Lab.up / down", () => {
  it("builds namespaces <prefix>-<host>, links and addresses, with nothing in the host namespace", async () => {
    const before = await hostInterfaces();
    let prefix = "";
    {
      await using lab = await Lab.up("standard", { services: false });
      prefix = lab.prefix;
      expect(lab.ns("dut")).toBe(`${prefix}-dut`);
      expect(lab.hosts.sort()).toEqual(["cloud", "dut", "lanrtr", "target1", "target2"]);
      const dut = await lab.exec("dut", "ip", ["-o", "link", "show", "lan0"]);
      expect(dut.stdout).toContain("state UP");
      // The bridge joins the DUT and the targets; the router forwards to the cloud.
      await lab.exec("dut", "ip", ["addr", "add", "10.77.1.50/24", "dev", "lan0"]);
      const ping = await lab.exec("dut", "busybox", ["ping", "-c", "1", "-W", "2", "10.77.1.21"], { allowFailure: true });
      expect(ping.stdout).toContain("1 packets received");
      const routed = await lab.exec("cloud", "busybox", ["ping", "-c", "1", "-W", "2", "10.77.1.22"], { allowFailure: true });
      expect(routed.stdout).toContain("ttl=63");
      const forwarding = await lab.exec("lanrtr", "sysctl", ["-n", "net.ipv4.ip_forward"]);
      expect(forwarding.stdout).toBe("1");
      const manifest = JSON.parse(await readFile(join(lab.dir, "manifest.json"), "utf8")) as Manifest;
      expect(manifest).toMatchObject({ prefix, state: "up", detached: false, owner: { pid: process.pid } });
      expect(manifest.namespaces.sort()).toEqual(["cloud", "dut", "lanrtr", "target1", "target2"].map((h) => `${prefix}-${h}`));
      const during = await hostInterfaces();
      for (const name of ["lan0", "br0", "wan0", "t1", "t2"]) if (!before.includes(name)) expect(during).not.toContain(name);
      expect(await hostRoutes()).not.toMatch(/10\.77\.|fd77:/);
    }
    expect(await leftovers(prefix)).toEqual(NOTHING);
  });

  it("down is idempotent and leaves no service process", async () => {
    const lab = await Lab.up("static", { services: ["dnsmasq"] });
    const pid = lab.service("lanrtr", "dnsmasq").pid;
    await lab.down();
    await lab.down();
    expect(await leftovers(lab.prefix, [pid])).toEqual(NOTHING);
  });

  it("refuses a second lab with the same explicit name", async () => {
    const name = `twice-${process.pid}`;
    await using first = await Lab.up("static", { services: false, name });
    await expect(Lab.up("static", { services: false, name })).rejects.toThrow(
      `A lab named "${name}" exists already (${first.prefix}); take it down with \`hil lab down ${name}\` or choose another --name`,
    );
  });

  it("takes a topology object as well as a preset", async () => {
    const t = await loadTopology("standard");
    const input = JSON.parse(JSON.stringify(t));
    input.name = "tiny";
    input.hosts = { dut: {}, lanrtr: { addresses: { dut: ["10.77.1.1/24"] } } };
    input.links = [{ endpoints: ["dut:lan0", "lanrtr:dut"] }];
    await using lab = await Lab.up(input);
    expect(lab.name).toBe("tiny");
    expect((await lab.exec("lanrtr", "ip", ["-br", "addr", "show", "dut"])).stdout).toContain("10.77.1.1/24");
  });

  it("a failure halfway (deadline) removes what was built", async () => {
    const error = await Lab.up("standard", { services: false, deadline: Deadline.in(25, "lab up (tiny budget)") }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/lab up \(tiny budget\) ran out of time after \d+ ms/);
    const prefix = /\((hil[0-9a-f]{5})\)/.exec((error as Error).message)?.[1] ?? "";
    expect(prefix).not.toBe("");
    expect(await leftovers(prefix)).toEqual(NOTHING);
  });

  it("a failing service removes the namespaces and the services already started", async () => {
    const t = JSON.parse(JSON.stringify(await loadTopology("standard")));
    // squid and dnsmasq both want TCP port 53 on target1: whichever binds second fails, and up must undo it all.
    t.hosts.target1.services = { dnsmasq: { interfaces: ["eth0"], dns: { port: 53 } }, squid: { port: 53, listen: ["10.77.1.21"] } };
    // Its own deadline, well inside the test's: a start that hangs is named by the lab, not cut off by vitest.
    const error = await Lab.up(t, { services: ["dnsmasq", "squid"], deadline: Deadline.in(30_000, "lab up") }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const prefix = /(hil[0-9a-f]{5})-/.exec((error as Error).message)?.[1] ?? "";
    expect(prefix, (error as Error).message).not.toBe("");
    expect(await leftovers(prefix)).toEqual(NOTHING);
  });
});
