import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { Deadline, pollUntil } from "../util/deadline.ts";
import { run, runIn } from "../util/sh.ts";
import { startDnsmasq, type RunningDnsmasq } from "../services/dnsmasq.ts";
import { isAlive } from "../services/proc.ts";
import { createTestLab, type TestLab } from "../services/testlab.ts";
import { curl, nslookup } from "../services/testclients.ts";
import { startHttpServer } from "../services/testservers.ts";
import type { RunningService } from "../services/types.ts";
import { applyDnsUnreachable } from "./dns.ts";
import { applyDrop, applyReject } from "./firewall.ts";
import { applyLinkDown, carrierOf } from "./link.ts";
import { applyRateLimit } from "./ratelimit.ts";
import { applySquatter, applySquatterHost } from "./squatter.ts";

let lab: TestLab;
let httpd: RunningService;
let dnsmasq: RunningDnsmasq;
const BLOB = randomBytes(300_000);
const URL = "http://10.81.0.1/blob";

beforeAll(async () => {
  lab = await createTestLab({
    nodes: ["cli", "srv", "peer"],
    links: [{ a: ["cli", "eth1", ["10.82.0.2/24"]], b: ["srv", "eth1", ["10.82.0.1/24"]] }],
    bridges: [{ name: "sw", members: [["cli", "eth0", ["10.81.0.2/24", "2001:db8:81::2/64"]], ["srv", "eth0", ["10.81.0.1/24", "2001:db8:81::1/64"]], ["peer", "eth0", ["10.81.0.3/24"]]] }],
  });
  httpd = await startHttpServer(lab.ctx("srv", "httpd"), "", 80, { blob: BLOB });
  dnsmasq = await startDnsmasq(lab.ctx("srv", "dns"), { interfaces: ["eth0"], dns: { records: [{ name: "qg.lab.example", address: "10.81.0.80" }] } });
});
afterAll(async () => {
  await httpd?.stop();
  await dnsmasq?.stop();
  await lab?.destroy();
});

const cli = () => lab.ns("cli");
const arpingDuplicate = async (address: string) => (await runIn(cli(), "arping", ["-D", "-I", "eth0", "-c", "1", "-w", "1", address], { allowFailure: true })).exitCode;

describe("firewall faults", () => {
  it("reject: the client is refused (curl exit 7), from the server's or the client's namespace; remove restores", async () => {
    expect((await curl(cli(), URL)).exitCode).toBe(0);
    for (const ns of [lab.ns("srv"), cli()]) {
      const fault = await applyReject(ns, lab.prefix, { address: "10.81.0.1", port: 80 });
      expect(fault.describe).toMatch(new RegExp(`^reject tcp to 10\\.81\\.0\\.1 port 80 in namespace ${ns} \\(nft table inet ${lab.prefix}-reject-[0-9a-f]{4}\\)$`));
      const refused = await curl(cli(), URL, { connectTimeout: 2 });
      expect(refused.exitCode).toBe(7);
      await fault.remove();
      await fault.remove();
      expect((await curl(cli(), URL)).exitCode).toBe(0);
    }
  });

  it("reject of all traffic to an IPv6 address (no port) refuses the client too", async () => {
    const v6 = "http://[2001:db8:81::1]/blob";
    expect((await curl(cli(), v6)).exitCode).toBe(0);
    const fault = await applyReject(lab.ns("srv"), lab.prefix, { address: "2001:db8:81::1" });
    try {
      expect(fault.describe).toMatch(/^reject all traffic to 2001:db8:81::1 in namespace/);
      expect((await curl(cli(), v6, { connectTimeout: 2 })).exitCode).toBe(7);
      expect((await curl(cli(), URL)).exitCode).toBe(0);
    } finally {
      await fault.remove();
    }
    expect((await curl(cli(), v6)).exitCode).toBe(0);
  });

  it("undo commands, run from elsewhere, lift the fault just as remove() does", async () => {
    const fault = await applyReject(lab.ns("srv"), lab.prefix, { address: "10.81.0.1", port: 80 });
    expect((await curl(cli(), URL, { connectTimeout: 2 })).exitCode).toBe(7);
    for (const [cmd, ...args] of fault.undo) await run(cmd!, args);
    expect((await curl(cli(), URL)).exitCode).toBe(0);
    await fault.remove();
  });

  it("drop: the client times out (curl exit 28 with a short connect timeout); remove restores", async () => {
    const fault = await applyDrop(lab.ns("srv"), lab.prefix, { address: "10.81.0.1", port: 80 });
    try {
      const dropped = await curl(cli(), URL, { connectTimeout: 1 });
      expect(dropped.exitCode).toBe(28);
      expect(dropped.ms).toBeGreaterThan(900);
      expect((await curl(cli(), "http://10.82.0.1/blob")).exitCode).toBe(0);
    } finally {
      await fault.remove();
    }
    expect((await curl(cli(), URL)).exitCode).toBe(0);
    const tables = await runIn(lab.ns("srv"), "nft", ["list", "tables"]);
    expect(tables.stdout).not.toContain(lab.prefix);
  });

  it("rejects bad input with a clear message", async () => {
    await expect(applyDrop(lab.ns("srv"), lab.prefix, { address: "10.81.0.999", port: 80 })).rejects.toThrow(
      'Could not apply fault "drop tcp to 10.81.0.999 port 80 in namespace ' + lab.ns("srv") + '": expected an IPv4/IPv6 address or CIDR, got "10.81.0.999"',
    );
  });
});

describe("link fault", () => {
  it("taking one veth end down gives carrier 0 on the peer; remove brings carrier back", async () => {
    expect(await carrierOf(lab.ns("srv"), "eth1")).toBe(true);
    const fault = await applyLinkDown(cli(), "eth1");
    expect(await carrierOf(lab.ns("srv"), "eth1")).toBe(false);
    expect((await run("ip", ["netns", "exec", lab.ns("srv"), "cat", "/sys/class/net/eth1/carrier"])).stdout).toBe("0");
    await fault.remove();
    await pollUntil(async () => ((await carrierOf(lab.ns("srv"), "eth1")) ? true : undefined), Deadline.in(3000, "carrier back"));
  });
});

describe("rate limit fault", () => {
  it("tbf at 1.5 Mbit/s bounds the throughput of a transfer; remove restores full speed", async () => {
    const free = await curl(cli(), URL);
    expect(free.exitCode).toBe(0);
    const fault = await applyRateLimit(lab.ns("srv"), "eth0", { rateKbit: 1500 });
    let limited;
    try {
      limited = await curl(cli(), URL);
    } finally {
      await fault.remove();
    }
    expect(limited.exitCode).toBe(0);
    const target = (1500 * 1000) / 8;
    expect(limited.speed).toBeGreaterThan(target * 0.6);
    expect(limited.speed).toBeLessThan(target * 1.15);
    expect(free.speed).toBeGreaterThan(target * 5);
    const after = await curl(cli(), URL);
    expect(after.speed).toBeGreaterThan(target * 5);
  });

  it("refuses a second root qdisc instead of clobbering it", async () => {
    const first = await applyRateLimit(lab.ns("srv"), "eth0", { rateKbit: 8000 });
    try {
      await expect(applyRateLimit(lab.ns("srv"), "eth0", { rateKbit: 1500 })).rejects.toThrow(/Could not apply fault "rate limit eth0 in .* to 1500 kbit\/s": tc refused/);
    } finally {
      await first.remove();
    }
  });
});

describe("squatter faults", () => {
  it("an address held by another host in the segment makes arping -D exit 1", async () => {
    expect(await arpingDuplicate("10.81.0.50")).toBe(0);
    const fault = await applySquatter(lab.ns("peer"), "eth0", "10.81.0.50/24");
    expect(await arpingDuplicate("10.81.0.50")).toBe(1);
    await fault.remove();
    await fault.remove();
    expect(await arpingDuplicate("10.81.0.50")).toBe(0);
  });

  it("a squatter host of its own on the bridge does the same, and leaves nothing when removed", async () => {
    const fault = await applySquatterHost(lab.prefix, lab.ns("sw"), "br0", "10.81.0.60/24");
    const ns = /squatter host (\S+)/.exec(fault.describe)?.[1] ?? "";
    try {
      expect(ns.startsWith(`${lab.prefix}-sq`)).toBe(true);
      // The fault returns once the squatter answers: the very first probe finds it (one probe, one second).
      expect(await arpingDuplicate("10.81.0.60")).toBe(1);
    } finally {
      await fault.remove();
    }
    expect(await arpingDuplicate("10.81.0.60")).toBe(0);
    expect((await run("ip", ["netns", "list"])).stdout).not.toContain(ns);
  });
});

describe("DNS fault", () => {
  it("an unreachable DNS server makes lookups time out; reject mode refuses; remove restores answers", async () => {
    expect(await nslookup(cli(), "qg.lab.example", "10.81.0.1")).toEqual({ kind: "answer", addresses: ["10.81.0.80"] });
    const drop = await applyDnsUnreachable(cli(), lab.prefix, "10.81.0.1");
    try {
      expect(await nslookup(cli(), "qg.lab.example", "10.81.0.1")).toMatchObject({ kind: "timeout" });
    } finally {
      await drop.remove();
    }
    const reject = await applyDnsUnreachable(lab.ns("srv"), lab.prefix, "10.81.0.1", "reject");
    try {
      expect(await nslookup(cli(), "qg.lab.example", "10.81.0.1")).toEqual({ kind: "refused" });
    } finally {
      await reject.remove();
    }
    expect(await nslookup(cli(), "qg.lab.example", "10.81.0.1")).toEqual({ kind: "answer", addresses: ["10.81.0.80"] });
  });
});

describe("DNS fault at the lab end of a cable", () => {
  // "app" stands for the appliance: its eth0 is cabled into the bridge of "rtr" (port p0, beside "other" on p1),
  // its eth1 point to point to rtr's up0; rtr serves DNS on both. The fault acts in rtr only, on what one port receives.
  let edge: TestLab;
  let dns2: RunningDnsmasq;
  beforeAll(async () => {
    edge = await createTestLab({
      nodes: ["app", "other"],
      links: [{ a: ["app", "eth1", ["10.84.0.2/24"]], b: ["rtr", "up0", ["10.84.0.1/24"]] }],
      bridges: [{ name: "rtr", members: [["app", "eth0", ["10.83.0.2/24"]], ["other", "eth0", ["10.83.0.3/24"]]] }],
    });
    await run("ip", ["-n", edge.ns("rtr"), "addr", "add", "10.83.0.1/24", "dev", "br0"]);
    dns2 = await startDnsmasq(edge.ctx("rtr", "dns"), { interfaces: ["br0", "up0"], dns: { records: [{ name: "qg.lab.example", address: "10.81.0.80" }] } });
  });
  afterAll(async () => {
    await dns2?.stop();
    await edge?.destroy();
  });
  const answer = { kind: "answer", addresses: ["10.81.0.80"] };
  const lookup = (node: string, server: string) => nslookup(edge.ns(node), "qg.lab.example", server);

  it("on a bridge port: drop times out the cabled host only, reject refuses it only; remove restores", async () => {
    const port = { ns: edge.ns("rtr"), iface: "p0" };
    expect(await lookup("app", "10.83.0.1")).toEqual(answer);
    const drop = await applyDnsUnreachable(port, edge.prefix, "10.83.0.1");
    try {
      expect(drop.describe).toMatch(new RegExp(`^DNS server 10\\.83\\.0\\.1 unreachable for queries arriving on p0 in ${port.ns} \\(queries time out; nft tables inet ${edge.prefix}-dns-[0-9a-f]{4}, bridge ${edge.prefix}-dns-[0-9a-f]{4}\\)$`));
      expect(await lookup("app", "10.83.0.1")).toMatchObject({ kind: "timeout" });
      expect(await lookup("other", "10.83.0.1")).toEqual(answer);
    } finally {
      await drop.remove();
    }
    expect(await lookup("app", "10.83.0.1")).toEqual(answer);
    const reject = await applyDnsUnreachable(port, edge.prefix, "10.83.0.1", "reject");
    try {
      expect(await lookup("app", "10.83.0.1")).toEqual({ kind: "refused" });
      expect(await lookup("other", "10.83.0.1")).toEqual(answer);
    } finally {
      await reject.remove();
      await reject.remove();
    }
    expect(await lookup("app", "10.83.0.1")).toEqual(answer);
    expect((await runIn(edge.ns("rtr"), "nft", ["list", "tables"])).stdout).not.toContain(edge.prefix);
  });

  it("on a routed interface: only queries arriving on it are hit; undo commands lift it from elsewhere", async () => {
    const end = { ns: edge.ns("rtr"), iface: "up0" };
    const reject = await applyDnsUnreachable(end, edge.prefix, "10.84.0.1", "reject");
    expect(reject.describe).toContain(`(queries refused; nft table inet ${edge.prefix}-dns-`);
    expect(await lookup("app", "10.84.0.1")).toEqual({ kind: "refused" });
    expect(await lookup("app", "10.83.0.1")).toEqual(answer);
    for (const [cmd, ...args] of reject.undo) await run(cmd!, args);
    expect(await lookup("app", "10.84.0.1")).toEqual(answer);
    await reject.remove();
    const drop = await applyDnsUnreachable(end, edge.prefix, "10.84.0.1");
    try {
      expect(await lookup("app", "10.84.0.1")).toMatchObject({ kind: "timeout" });
    } finally {
      await drop.remove();
    }
    expect(await lookup("app", "10.84.0.1")).toEqual(answer);
  });

  it("names the namespace, the interface and what was wrong", async () => {
    const ns = edge.ns("rtr");
    await expect(applyDnsUnreachable({ ns, iface: "nosuch0" }, edge.prefix, "10.84.0.1")).rejects.toThrow(
      `Could not apply fault "DNS server 10.84.0.1 unreachable for queries arriving on nosuch0 in ${ns}": no interface nosuch0 in ${ns}`,
    );
    await expect(applyDnsUnreachable({ ns, iface: "up0" }, edge.prefix, "lanrtr")).rejects.toThrow(
      `Could not apply fault "DNS server lanrtr unreachable through up0 in ${ns}": expected an IPv4/IPv6 server address, got "lanrtr"`,
    );
  });
});

describe("teardown", () => {
  it("stopping the lab's services leaves no process behind", async () => {
    await httpd.stop();
    await dnsmasq.stop();
    expect(await isAlive(httpd.pid)).toBe(false);
    expect(await isAlive(dnsmasq.pid)).toBe(false);
  });
});
