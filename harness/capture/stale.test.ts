// Reaping captures left by a crashed run: flushes a live tcpdump, never signals a reused pid.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Deadline } from "../../netns/util/deadline.ts";
import { runIn } from "../../netns/util/sh.ts";
import { startCapture } from "./capture.ts";
import { decode } from "./decode.ts";
import { expectSome } from "./expect.ts";
import { ipTo } from "./queries.ts";
import { reapCapture, reapCaptures } from "./stale.ts";
import { PairLab } from "./testkit/lab.ts";

let lab: PairLab;
beforeAll(async () => {
  lab = await PairLab.up();
});
afterAll(async () => {
  await lab?.down();
});

describe("reapCaptures", () => {
  test("stops a tcpdump left running with SIGINT, so its pcap is complete, and removes the pid file", async () => {
    const cap = await startCapture({ ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, "left.pcap"), deadline: Deadline.in(10_000, "tcpdump") });
    await runIn(lab.nsA, "busybox", ["ping", "-c", "1", "-W", "2", lab.ipB]);
    const outcomes = await reapCaptures(lab.dir);
    expect(outcomes).toEqual([{ kind: "stopped", pidFile: cap.pidFile, pid: cap.pid, signal: "SIGINT" }]);
    expect(existsSync(cap.pidFile)).toBe(false);
    expect(existsSync(`/proc/${cap.pid}`)).toBe(false);
    expectSome(await decode(cap.file), ipTo(lab.ipB));
    expect(await cap.stop()).toBe(cap.file);
  });

  test("never signals a pid that now belongs to something else", async () => {
    const pidFile = join(lab.dir, "reused.tcpdump.pid");
    await writeFile(pidFile, `${process.pid}\n`);
    const outcome = await reapCapture(pidFile);
    expect(outcome).toMatchObject({ kind: "refused", pid: process.pid });
    expect(outcome.kind === "refused" && outcome.reason).toMatch(new RegExp(`not tcpdump writing ${join(lab.dir, "reused.pcap")}$`));
    expect(existsSync(pidFile)).toBe(false);
  });

  test("a pid that no longer exists is just a stale file", async () => {
    const pidFile = join(lab.dir, "dead.tcpdump.pid");
    await writeFile(pidFile, "2147483646\n");
    expect(await reapCapture(pidFile)).toEqual({ kind: "not-running", pidFile });
    expect(existsSync(pidFile)).toBe(false);
  });
});
