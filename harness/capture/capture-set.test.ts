// A capture set on both ends of a link: merged by time, tagged by interface; a failing point stops the others.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Deadline } from "../../netns/util/deadline.ts";
import { runIn } from "../../netns/util/sh.ts";
import { startCaptures } from "./capture-set.ts";
import { CaptureError } from "./errors.ts";
import { expectSome } from "./expect.ts";
import * as q from "./queries.ts";
import { PairLab } from "./testkit/lab.ts";

let lab: PairLab;
beforeAll(async () => {
  lab = await PairLab.up();
});
afterAll(async () => {
  await lab?.down();
});

describe("startCaptures", () => {
  test("captures on several interfaces and merges the frames in time order, each tagged with its interface", async () => {
    await using set = await startCaptures(
      [{ name: "near", ns: lab.nsA, iface: lab.ifA }, { name: "far", ns: lab.nsB, iface: lab.ifB, filter: "icmp" }],
      lab.dir,
      Deadline.in(10_000, "captures"),
    );
    await runIn(lab.nsA, "busybox", ["ping", "-c", "2", "-W", "2", lab.ipB]);
    expect(await set.stop()).toEqual([`${lab.dir}/near.pcap`, `${lab.dir}/far.pcap`]);
    set.assertComplete();
    const frames = await set.frames();
    expect(frames.map((f) => f.time)).toEqual([...frames.map((f) => f.time)].sort((a, b) => a - b));
    const echo = q.ipTo(lab.ipB).and(q.matching("echo request", (f) => f.icmp?.type === 8));
    expect(expectSome(frames, echo.and(q.onIface(lab.ifA)))).toHaveLength(2);
    expect(expectSome(frames, echo.and(q.onIface(lab.ifB)))).toHaveLength(2);
    expect(q.arp().and(q.onIface(lab.ifB)).select(frames)).toEqual([]);
    expect(set.on(lab.ifB).file).toBe(`${lab.dir}/far.pcap`);
    expect(() => set.on("eth9")).toThrow(`No capture on eth9; this set captures on ${lab.ifA}, ${lab.ifB}`);
  });

  test("if one point cannot start, the others are stopped and nothing is left running", async () => {
    const error = await startCaptures(
      [{ name: "ok", ns: lab.nsA, iface: lab.ifA }, { name: "bad", ns: lab.nsB, iface: "nosuch0" }],
      lab.dir,
      Deadline.in(10_000, "captures"),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect(existsSync(`${lab.dir}/ok.tcpdump.pid`)).toBe(false);
    expect(existsSync(`${lab.dir}/bad.pcap`)).toBe(false);
  });

  test("point names are checked", async () => {
    const p = { ns: lab.nsA, iface: lab.ifA };
    await expect(startCaptures([{ name: "../x", ...p }], lab.dir, Deadline.in(1000))).rejects.toThrow(
      'Expected capture point name to be a file-name-safe word, got "../x"',
    );
    await expect(startCaptures([{ name: "a", ...p }, { name: "a", ...p }], lab.dir, Deadline.in(1000))).rejects.toThrow(
      'Capture point name "a" is used twice',
    );
  });
});
