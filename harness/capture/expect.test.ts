// Matchers over a real capture: what a QA engineer reads when traffic is missing or unexpected.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Deadline } from "../../netns/util/deadline.ts";
import { runIn } from "../../netns/util/sh.ts";
import { startCapture, type Capture } from "./capture.ts";
import { CaptureExpectationError } from "./errors.ts";
import { expectNone, expectSome, waitForFrames } from "./expect.ts";
import type { Frame } from "./frame.ts";
import * as q from "./queries.ts";
import { anyOf, not, where } from "./query.ts";
import { summarize } from "./summary.ts";
import { PairLab } from "./testkit/lab.ts";

let lab: PairLab;
let cap: Capture;
let frames: Frame[];

beforeAll(async () => {
  lab = await PairLab.up();
  await lab.peer();
  cap = await startCapture({ ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, "m.pcap"), deadline: Deadline.in(10_000, "tcpdump") });
  await runIn(lab.nsA, "curl", ["-s", "-m", "5", `http://${lab.ipB}/`]);
  frames = await waitForFrames(cap, q.matching("HTTP 200", (f) => f.http?.status === 200), Deadline.in(10_000, "HTTP 200"));
  frames = await cap.frames();
}, 60_000);

afterAll(async () => {
  await cap?.stop();
  await lab?.down();
});

const thrown = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CaptureExpectationError);
    return (error as Error).message;
  }
  throw new Error("expected the matcher to fail");
};

describe("expectSome", () => {
  test("returns the matches", () => {
    const syns = expectSome(frames, q.tcpConnectTo(lab.ipB, 80));
    expect(q.tcpConnectTo("010.079.000.002", 80).select(frames)).toEqual(syns);
    expect(syns).toHaveLength(1);
    expect(summarize(syns[0]!)).toMatch(new RegExp(`^#\\d+ ${lab.ifA}: 10\\.79\\.0\\.1:\\d+ > 10\\.79\\.0\\.2:80 TCP \\[SYN\\]$`));
  });

  test("a miss names what was sought, how many frames were examined, and the nearest frames with what they missed", () => {
    const message = thrown(() => expectSome(frames, q.tcpTo(lab.ipB, 443), { source: "m.pcap" }));
    const lines = message.split("\n");
    expect(lines[0]).toBe("Expected a frame matching: TCP and to 10.79.0.2 and to port 443");
    expect(lines[1]).toBe(`Examined ${frames.length} frame(s) of m.pcap, 0 matched.`);
    expect(lines[2]).toBe("Nearest frames (conditions met of 3; what they missed):");
    expect(lines.slice(3).length).toBeGreaterThan(0);
    expect(lines.slice(3).length).toBeLessThanOrEqual(5);
    for (const line of lines.slice(3)) expect(line).toMatch(/^ {2}#\d+ .*> 10\.79\.0\.2:80 .* {2}\[2\/3; missed: to port 443\]$/);
  });

  test("atLeast counts matches", () => {
    expect(expectSome(frames, q.tcpTo(lab.ipB, 80), { atLeast: 3 }).length).toBeGreaterThanOrEqual(3);
    const message = thrown(() => expectSome(frames, q.tcpConnectTo(lab.ipB, 80), { atLeast: 2 }));
    expect(message.split("\n").slice(0, 2)).toEqual([
      "Expected at least 2 frames matching: TCP and to 10.79.0.2 and to port 80 and SYN",
      `Examined ${frames.length} frame(s), 1 matched.`,
    ]);
  });

  test("when no frame meets any condition, the first frames are shown", () => {
    const message = thrown(() => expectSome(frames, q.syslogContaining("boot")));
    const lines = message.split("\n");
    expect(lines[2]).toBe("No frame met any of the 2 condition(s); the first frames were:");
    expect(lines[3]).toBe(`  ${summarize(frames[0]!)}`);
  });

  test("an empty capture says so", () => {
    expect(thrown(() => expectSome([], q.untagged()))).toBe(
      "Expected a frame matching: untagged\nExamined 0 frame(s), 0 matched.\nThe capture holds no frames at all.",
    );
  });
});

describe("expectNone", () => {
  test("passes when nothing matches", () => {
    expect(() => expectNone(frames, q.onVlan(10))).not.toThrow();
    expect(() => expectNone(frames, q.httpConnectTo("platform.example"))).not.toThrow();
  });

  test("lists the offending frames", () => {
    const offenders = q.tcpConnectTo(lab.ipB, 80).select(frames);
    const message = thrown(() => expectNone(frames, q.tcpConnectTo(lab.ipB, 80)));
    expect(message).toBe(
      [
        "Expected no frame matching: TCP and to 10.79.0.2 and to port 80 and SYN",
        `Examined ${frames.length} frame(s), 1 matched:`,
        `  ${summarize(offenders[0]!)}`,
      ].join("\n"),
    );
  });
});

describe("composition", () => {
  test("anyOf / not / where combine with and()", () => {
    const web = anyOf(q.tcpTo(lab.ipB, 80), q.tcpTo(lab.ipB, 443));
    expect(web.describe).toBe("(TCP and to 10.79.0.2 and to port 80 or TCP and to 10.79.0.2 and to port 443)");
    const untaggedWeb = web.and(q.untagged(), not(q.onVlan(10)));
    expect(untaggedWeb.clauses).toHaveLength(3);
    expect(untaggedWeb.select(frames)).toEqual(q.tcpTo(lab.ipB, 80).select(frames));
    const big = where("longer than 100 bytes", (f) => f.len > 100);
    expect(q.ipFrom(lab.ipB).and(big).select(frames).every((f) => f.ip?.src === lab.ipB && f.len > 100)).toBe(true);
  });
});

describe("waitForFrames", () => {
  test("times out with the nearest frames and how long it waited", async () => {
    const error = await waitForFrames(cap, q.tcpTo(lab.ipB, 8443), Deadline.in(1500, "TCP 8443")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureExpectationError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Waited \d+ ms\. Expected a frame matching: TCP and to 10\.79\.0\.2 and to port 8443\n/);
    expect(message).toContain(`of ${cap.file}, 0 matched.`);
    expect(message).toContain("[2/3; missed: to port 8443]");
  });
});
