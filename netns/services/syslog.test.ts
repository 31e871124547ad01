import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Deadline } from "../util/deadline.ts";
import { runIn } from "../util/sh.ts";
import { startSyslog, querySyslog, type RunningSyslog } from "./syslog.ts";
import { isAlive } from "./proc.ts";
import { createTestLab, type TestLab } from "./testlab.ts";

let lab: TestLab;
let syslog: RunningSyslog;
beforeAll(async () => {
  lab = await createTestLab({
    nodes: ["log", "dut"],
    links: [{ a: ["log", "eth0", ["10.80.0.1/24", "2001:db8:80::1/64"]], b: ["dut", "eth0", ["10.80.0.2/24", "2001:db8:80::2/64"]] }],
  });
  syslog = await startSyslog(lab.ctx("log", "syslog"), { port: 5514 });
});
afterAll(async () => {
  await syslog?.stop();
  await lab?.destroy();
});

const logger = (args: string[]) => runIn(lab.ns("dut"), "logger", ["--port", "5514", "-t", "scanner", ...args]);

describe("syslog receiver", () => {
  it("records a UDP message with source address, protocol, time and decoded PRI", async () => {
    const before = new Date(Date.now() - 1000);
    await logger(["-n", "10.80.0.1", "-d", "-p", "local3.warning", "udp hello"]);
    const [record] = await syslog.waitFor({ contains: "udp hello" }, Deadline.in(5000, "udp message"));
    expect(record).toMatchObject({ protocol: "udp", source: "10.80.0.2", facility: 19, severity: 4 });
    expect(Date.parse(record!.time)).toBeGreaterThanOrEqual(before.getTime());
  });

  it("records TCP messages, with newline framing and with RFC 6587 octet counting", async () => {
    await logger(["-n", "10.80.0.1", "-T", "tcp newline one"]);
    await logger(["-n", "10.80.0.1", "-T", "--octet-count", "tcp counted two"]);
    const records = await syslog.waitFor({ protocol: "tcp", contains: /tcp (newline one|counted two)/ }, Deadline.in(5000, "tcp messages"), 2);
    expect(records.map((r) => r.source)).toEqual(["10.80.0.2", "10.80.0.2"]);
    expect(records.every((r) => r.message.startsWith("<"))).toBe(true);
  });

  it("records messages sent over IPv6", async () => {
    await logger(["-n", "2001:db8:80::1", "-d", "v6 over udp"]);
    const [record] = await syslog.waitFor({ source: "2001:db8:80::2" }, Deadline.in(5000, "v6 message"));
    expect(record).toMatchObject({ protocol: "udp", message: expect.stringContaining("v6 over udp") });
  });

  it("waitFor fails with what it waited for and how many it saw", async () => {
    await expect(syslog.waitFor({ contains: "never sent" }, Deadline.in(100, "x"))).rejects.toThrow(/waiting for 1 syslog message\(s\) matching containing never sent; last seen: 0 matching/);
  });

  it("queries filter by every given field", () => {
    const text = [
      { time: "2026-01-01T00:00:00.000Z", protocol: "udp", source: "10.0.0.1", sourcePort: 1, message: "<13>a" },
      { time: "2026-01-01T00:00:05.000Z", protocol: "tcp", source: "10.0.0.2", sourcePort: 2, message: "<14>b" },
    ].map((r) => JSON.stringify(r)).join("\n");
    expect(querySyslog(text).length).toBe(2);
    expect(querySyslog(text, { protocol: "tcp" }).map((r) => r.message)).toEqual(["<14>b"]);
    expect(querySyslog(text, { since: new Date("2026-01-01T00:00:01Z") }).map((r) => r.source)).toEqual(["10.0.0.2"]);
    expect(querySyslog(text, { source: "10.0.0.1", contains: "a" })[0]).toMatchObject({ facility: 1, severity: 5 });
  });

  it("refuses an unusable context before starting anything", async () => {
    await expect(startSyslog({ ns: lab.ns("log"), dir: "relative/dir", prefix: lab.prefix })).rejects.toThrow('Cannot start syslog: expected ctx.dir to be an absolute path, got "relative/dir"');
    await expect(startSyslog({ ns: lab.ns("log"), dir: `${lab.dir}/x`, prefix: "lab" })).rejects.toThrow('Cannot start syslog: expected ctx.prefix to be an owner prefix like hil1a2b3, got "lab"');
  });

  it("stops for good", async () => {
    await syslog.stop();
    expect(await isAlive(syslog.pid)).toBe(false);
    const sent = await runIn(lab.ns("dut"), "logger", ["--port", "5514", "-n", "10.80.0.1", "-T", "after stop"], { allowFailure: true });
    expect(sent.exitCode).not.toBe(0);
  });
});
