import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { groupMembers } from "./proc.ts";
import { startSyslog } from "./syslog.ts";
import { ownedBy, sweepPidFile } from "./sweep.ts";
import { createTestLab, type TestLab } from "./testlab.ts";

let lab: TestLab;
beforeAll(async () => {
  lab = await createTestLab({ nodes: ["srv"] });
});
afterAll(async () => lab?.destroy());

describe("sweeping a left-behind service by pid file", () => {
  it("kills the group of a service the run owns, and refuses a pid that is not the run's", async () => {
    const syslog = await startSyslog(lab.ctx("srv", "orphan"), { port: 5514 });
    try {
      expect(await ownedBy(syslog.pid, lab.prefix)).toBe(true);
      expect(await ownedBy(syslog.pid, "hil00000")).toBe(false);
      expect(await sweepPidFile(syslog.pidFile, "hil00000")).toEqual({ pid: syslog.pid, outcome: "not-ours" });
      const foreign = join(lab.dir, "foreign.pid");
      await writeFile(foreign, `${process.pid}\n`);
      expect(await sweepPidFile(foreign, lab.prefix)).toEqual({ pid: process.pid, outcome: "not-ours" });
      expect(await sweepPidFile(syslog.pidFile, lab.prefix)).toEqual({ pid: syslog.pid, outcome: "killed" });
      expect(await groupMembers(syslog.pid)).toEqual([]);
      expect(await sweepPidFile(syslog.pidFile, lab.prefix)).toEqual({ pid: undefined, outcome: "unreadable" });
    } finally {
      await syslog.stop();
    }
  });
});
