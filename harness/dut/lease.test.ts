// The appliance lease: atomic, re-checked, stale when its process is gone, names its holder; two vitest workers
// contending for one appliance take turns and never both open its console.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";
import { isStale, Lease, LeaseBusyError, leaseWaitMs, startTimeOf } from "./lease.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-lease-"));
const ROOT = resolve(import.meta.dirname, "../..");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A node process (tsx) that takes the lease and holds it until killed; resolves once it holds it. */
async function holderProcess(name: string): Promise<ChildProcess> {
  const code = `import { Lease } from ${JSON.stringify(join(ROOT, "harness/dut/lease.ts"))}; await Lease.take(${JSON.stringify(name)}, { waitMs: 0, dir: ${JSON.stringify(dir)} }); console.log("held"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  await pollUntil(() => (out.includes("held") ? true : undefined), Deadline.in(20_000, "the holder process to take the lease"));
  return child;
}

describe("Lease", () => {
  it("records pid, start time, command, since and worktree; nested takes in one process share it", async () => {
    const a = await Lease.take("box-a", { waitMs: 0, dir });
    const h = JSON.parse(readFileSync(join(dir, "box-a.lease"), "utf8"));
    expect(h).toMatchObject({ pid: process.pid, startTime: startTimeOf(process.pid), worktree: process.cwd() });
    expect(h.command).toContain("node");
    expect(Date.now() - Date.parse(h.since)).toBeLessThan(10_000);
    const again = await Lease.take("box-a", { waitMs: 0, dir });
    expect(again).toBe(a);
    again.release();
    expect(existsSync(join(dir, "box-a.lease"))).toBe(true);
    a.release();
    expect(existsSync(join(dir, "box-a.lease"))).toBe(false);
  });

  it("with HIL_LEASE_WAIT=0 fails at once naming the holder; takes over once the holder is gone (stale)", async () => {
    const child = await holderProcess("box-b");
    try {
      const t0 = performance.now();
      const err = await Lease.take("box-b", { waitMs: leaseWaitMs(600_000, "0"), dir }).catch((e) => e);
      expect(err).toBeInstanceOf(LeaseBusyError);
      expect(performance.now() - t0).toBeLessThan(1_000);
      expect(err.message).toMatch(new RegExp(`^appliance box-b is leased by pid ${child.pid} \\(.*node.*\\) since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, worktree ${ROOT.replace(/[/.]/g, "\\$&")} \\(HIL_LEASE_WAIT=0: not waiting\\)$`));
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((r) => child.once("exit", r));
    // The lock file stays behind (SIGKILL): it is stale and the next taker breaks it.
    expect(isStale(JSON.parse(readFileSync(join(dir, "box-b.lease"), "utf8")))).toBe(true);
    const l = await Lease.take("box-b", { waitMs: 0, dir });
    expect(JSON.parse(readFileSync(join(dir, "box-b.lease"), "utf8")).pid).toBe(process.pid);
    l.release();
  });

  it("waits for a live holder to release it, and names it when the wait runs out", async () => {
    const child = await holderProcess("box-c");
    const err = await Lease.take("box-c", { waitMs: 600, dir }).catch((e) => e);
    expect(err.message).toMatch(/^appliance box-c is leased by pid \d+ .*; waited 1 s for it \(HIL_LEASE_WAIT\)$/);
    const taking = Lease.take("box-c", { waitMs: 20_000, dir });
    setTimeout(() => child.kill("SIGTERM"), 300);
    const l = await taking;
    expect(Lease.holder("box-c", dir)?.pid).toBe(process.pid);
    l.release();
  });

  it("a pid reused by another process does not keep the lease", () => {
    expect(isStale({ pid: process.pid, startTime: "1", command: "x", since: "", worktree: "", token: "t" })).toBe(true);
    expect(isStale({ pid: process.pid, startTime: startTimeOf(process.pid)!, command: "x", since: "", worktree: "", token: "t" })).toBe(false);
  });

  it("HIL_LEASE_WAIT: seconds, default the run's budget, bad values named", () => {
    expect(leaseWaitMs(5_000, undefined)).toBe(5_000);
    expect(leaseWaitMs(5_000, "2.5")).toBe(2_500);
    expect(() => leaseWaitMs(5_000, "soon")).toThrow('HIL_LEASE_WAIT="soon": expected a number of seconds >= 0');
  });

  it("two vitest workers contending for one appliance take turns; the console is never opened twice", async () => {
    const work = mkdtempSync(join(dir, "contend-"));
    const socat = spawn("socat", [`pty,raw,echo=0,link=${join(work, "tty")}`, `pty,raw,echo=0,link=${join(work, "far")}`], { stdio: "ignore" });
    try {
      await pollUntil(() => (existsSync(join(work, "tty")) ? true : undefined), Deadline.in(10_000, "socat's PTY link"));
      const log = join(work, "turns.log");
      writeFileSync(log, "");
      const r = await execa("npx", ["vitest", "run", "--config", "harness/dut/testkit/vitest.lease.config.ts", "--reporter", "json"], {
        cwd: ROOT, reject: false, env: { HIL_LEASE_DIR: join(work, "lease"), HIL_CONTEND_TTY: join(work, "tty"), HIL_CONTEND_LOG: log },
      });
      const report = JSON.parse(r.stdout.slice(r.stdout.indexOf("{")));
      expect(report.numTotalTests, r.stderr).toBe(2);
      expect(report.numPassedTests, JSON.stringify(report.testResults.map((t: any) => t.assertionResults.map((a: any) => a.failureMessages)))).toBe(2);
      const turns = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { who: string; pid: number; from: number; to: number });
      expect(turns).toHaveLength(2);
      expect(new Set(turns.map((t) => t.pid)).size).toBe(2); // two worker processes
      const [first, second] = turns.sort((a, b) => a.from - b.from);
      expect(second!.from).toBeGreaterThanOrEqual(first!.to); // one after the other
    } finally {
      socat.kill("SIGTERM");
    }
  }, 120_000);
});
