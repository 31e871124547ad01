// startCapture lifecycle against real tcpdump in real namespaces: readiness, idempotent stop, no leftovers, errors.
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { runIn } from "../../netns/util/sh.ts";
import { startCapture } from "./capture.ts";
import { decode } from "./decode.ts";
import { CaptureError } from "./errors.ts";
import { arp, ipTo } from "./queries.ts";
import { where } from "./query.ts";
import { PairLab } from "./testkit/lab.ts";

let lab: PairLab;
beforeAll(async () => {
  lab = await PairLab.up();
});
afterAll(async () => {
  await lab?.down();
});

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");
const ping = (count = 1) => runIn(lab.nsA, "busybox", ["ping", "-c", String(count), "-W", "2", lab.ipB]);

describe("startCapture", () => {
  test("resolves only once tcpdump listens: the very first packet sent afterwards is in the pcap", async () => {
    const cap = await startCapture({ ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, "ready.pcap"), deadline: Deadline.in(10_000, "tcpdump") });
    expect(cap.state).toBe("listening");
    expect(readFileSync(cap.pidFile, "utf8").trim()).toBe(String(cap.pid));
    expect(alive(cap.pid)).toBe(true);
    await ping(1);
    const file = await cap.stop();
    expect(file).toBe(join(lab.dir, "ready.pcap"));
    const frames = await decode(file);
    // ARP resolution precedes the echo request: both must be there, nothing was missed at start.
    expect(arp("request", lab.ipB).select(frames)).toHaveLength(1);
    expect(ipTo(lab.ipB).and(where("ICMP echo request", (f) => f.icmp?.type === 8)).select(frames)).toHaveLength(1);
    expect(cap.stats?.captured).toBe(frames.length);
  });

  test("stop first lets tcpdump read what its ring holds: packets that came while it had no turn are in the file", async () => {
    const cap = await startCapture({ ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, "late.pcap"), deadline: Deadline.in(10_000, "tcpdump") });
    // A loaded host: tcpdump is not scheduled between the traffic and the stop (SIGSTOP stands in for the scheduler).
    process.kill(cap.pid, "SIGSTOP");
    let resumed: NodeJS.Timeout | undefined;
    let file = "";
    try {
      await ping(3);
      // Its turn comes only once the stop has been asked for.
      resumed = setTimeout(() => process.kill(cap.pid, "SIGCONT"), 100);
      file = await cap.stop();
    } finally {
      clearTimeout(resumed);
      if (alive(cap.pid)) process.kill(cap.pid, "SIGCONT");
    }
    const frames = await decode(file);
    expect(ipTo(lab.ipB).and(where("ICMP echo request", (f) => f.icmp?.type === 8)).select(frames)).toHaveLength(3);
  });

  test("stop is idempotent, removes the pid file and leaves no tcpdump behind", async () => {
    const cap = await startCapture({ ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, "stop.pcap"), deadline: Deadline.in(10_000, "tcpdump") });
    const pid = cap.pid;
    const first = cap.stop();
    const second = cap.stop();
    expect(await first).toBe(await second);
    expect(await cap.stop()).toBe(join(lab.dir, "stop.pcap"));
    expect(cap.state).toBe("stopped");
    expect(alive(pid)).toBe(false);
    expect(existsSync(cap.pidFile)).toBe(false);
  });

  test("a stop deadline that has run out falls back to SIGKILL and still leaves nothing behind", async () => {
    const cap = await startCapture({ ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, "kill.pcap"), deadline: Deadline.in(10_000, "tcpdump") });
    expect(await cap.stop(Deadline.in(0, "instant stop"))).toBe(cap.file);
    expect(alive(cap.pid)).toBe(false);
    expect(existsSync(cap.pidFile)).toBe(false);
  });

  test("a capture whose interface disappears is reported incomplete, not silently short", async () => {
    const [x, y] = [`${lab.prefix}x`, `${lab.prefix}y`];
    await runIn(lab.nsA, "ip", ["link", "add", x, "type", "veth", "peer", "name", y]);
    await runIn(lab.nsA, "ip", ["link", "set", x, "up"]);
    const cap = await startCapture({ ns: lab.nsA, iface: x, file: join(lab.dir, "gone.pcap"), deadline: Deadline.in(10_000, "tcpdump") });
    await runIn(lab.nsA, "ip", ["link", "del", x]);
    await pollUntil(() => (cap.state === "stopped" ? true : undefined), Deadline.in(10_000, "tcpdump to notice its interface is gone"));
    await cap.stop();
    expect(cap.stats?.endedEarly).toBeDefined();
    expect(() => cap.assertComplete()).toThrow(
      `tcpdump on ${lab.nsA}:${x} ended on its own before stop() (exit 1), so ${join(lab.dir, "gone.pcap")} stops short of the end of the test:`,
    );
    expect(alive(cap.pid)).toBe(false);
  });

  test("await using stops the capture at scope exit, and frames() reads a live capture", async () => {
    let pid = 0;
    {
      await using cap = await startCapture({
        ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, "dispose.pcap"), filter: "icmp", snaplen: 128, deadline: Deadline.in(10_000, "tcpdump"),
      });
      pid = cap.pid;
      await ping(2);
      const live = await cap.frames();
      expect(live.every((f) => f.icmp)).toBe(true);
      expect(live.length).toBeGreaterThanOrEqual(2);
    }
    expect(alive(pid)).toBe(false);
  });

  test("a missing interface fails with tcpdump's own complaint and leaves nothing behind", async () => {
    const file = join(lab.dir, "noiface.pcap");
    const error = await startCapture({ ns: lab.nsA, iface: "nosuch0", file, deadline: Deadline.in(5000, "tcpdump") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect((error as Error).message).toMatch(new RegExp(`^tcpdump on ${lab.nsA}:nosuch0 exited \\(code 1\\) before it was listening:\\n.*nosuch0`, "s"));
    expect(existsSync(file)).toBe(false);
    expect(existsSync(file.replace(/\.pcap$/, ".tcpdump.pid"))).toBe(false);
  });

  test("options are validated at the boundary with messages naming the option", async () => {
    const base = { ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, "x.pcap"), deadline: Deadline.in(1000) };
    await expect(startCapture({ ...base, iface: "any" })).rejects.toThrow(
      'Expected `iface` to be one real interface, not "any" (cooked captures lose Ethernet headers and VLAN tags) in startCapture options, got "any"',
    );
    await expect(startCapture({ ...base, file: "rel.pcap" })).rejects.toThrow('Expected `file` to be an absolute path in startCapture options, got "rel.pcap"');
    await expect(startCapture({ ...base, snaplen: 10 })).rejects.toThrow("Expected `snaplen` to be at least 64 in startCapture options, got 10");
    await expect(startCapture({ ...base, deadline: 5 as never })).rejects.toThrow(
      "Expected `deadline` to be a Deadline (Deadline.in(ms, what)) in startCapture options, got 5",
    );
    await expect(startCapture({ ...base, ifname: "x" } as never)).rejects.toThrow("Unknown option(s) `ifname` in startCapture options");
    await expect(startCapture({ ...base, file: "/nonexistent-dir/x.pcap" })).rejects.toThrow(
      "Directory /nonexistent-dir for capture file /nonexistent-dir/x.pcap does not exist",
    );
  });

  test("refuses to overwrite an existing pcap", async () => {
    const file = join(lab.dir, "exists.pcap");
    await writeFile(file, "");
    await expect(startCapture({ ns: lab.nsA, iface: lab.ifA, file, deadline: Deadline.in(1000) })).rejects.toThrow(
      `Capture file ${file} already exists; refusing to overwrite evidence`,
    );
  });

  test("decode of a missing file or with a bad display filter says so", async () => {
    await expect(decode(join(lab.dir, "none.pcap"))).rejects.toThrow(`Cannot decode ${join(lab.dir, "none.pcap")}: no such file`);
    const cap = await startCapture({ ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, "filter.pcap"), deadline: Deadline.in(10_000) });
    await ping(1);
    const file = await cap.stop();
    await expect(decode(file, { displayFilter: "nosuchproto.field == 1" })).rejects.toThrow(/^tshark could not decode .*filter\.pcap \(exit \d+\):\n.*nosuchproto/s);
    await expect(decode(file, { displayFilter: "" })).rejects.toThrow("Expected `displayFilter` to be a non-empty display filter");
    await expect(decode(file, { decodeAs: ["tcp.port==8514,syslog", "syslog"] })).rejects.toThrow(
      `Expected \`decodeAs[1]\` to be decode-as rules like "tcp.port==8514,syslog" in decode options for ${file}, got "syslog"`,
    );
  });
});
