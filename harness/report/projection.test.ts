// Projection of a scenario's waits to a real appliance's timings.
import { describe, expect, it } from "vitest";
import { uniformScales } from "../dut/types.ts";
import { project, projectionTable, WaitLog } from "./projection.ts";

describe("projection", () => {
  it("scales waits by the time scale, caps each kind, prices keys at the real line's echo", () => {
    const log = new WaitLog();
    log.add("boot", "the home screen", 2_900); // 290 s at scale 0.01, capped at 180 s
    log.add("check", "the home screen", 300); // 30 s
    log.add("message", "a notice", 400); // the twin's 400 ms floor: 40 s, capped at 5 s
    log.add("key", "DOWN", 15);
    log.add("key", "ENTER", 20);
    log.add("other", "a poll", 50); // 5 s
    const p = project("s1", log, { scales: uniformScales(0.01), capMs: { boot: 180_000, check: 60_000, message: 5_000 }, keyMs: 210 });
    expect(p.counts).toEqual({ boot: 1, check: 1, message: 1, key: 2, other: 1 });
    expect(p.waitedMs.boot).toBe(2_900);
    const outside = Math.max(0, p.wallMs - (2_900 + 300 + 400 + 35 + 50));
    expect(p.projectedMs).toBe(Math.round(outside + 180_000 + 30_000 + 5_000 + 420 + 5_000));
    expect(projectionTable([p], "t")).toMatch(/^t: 1 scenario\(s\), wall \d+\.\d s, projected at real appliance timings 220\.\d s/);
  });

  it("divides each kind of wait by the fraction of real time that kind ran at (a twin's real-time floors)", () => {
    const log = new WaitLog();
    log.add("check", "the home screen", 1_000); // at 0.1: 10 s (at the time scale 0.01 it would be capped at 60 s)
    log.add("message", "a notice", 400); // at 0.2: 2 s
    log.add("boot", "the home screen", 1_400); // at 0.0125: 112 s
    log.add("other", "a poll", 50); // at the time scale 0.01: 5 s
    const basis = { scales: { boot: 0.0125, check: 0.1, message: 0.2, other: 0.01 }, capMs: { boot: 180_000, check: 60_000, message: 5_000 }, keyMs: 210 };
    const p = project("s2", log, basis);
    const outside = Math.max(0, p.wallMs - (1_000 + 400 + 1_400 + 50));
    expect(p.projectedMs).toBe(Math.round(outside + 10_000 + 2_000 + 112_000 + 5_000));
    // The same waits at the one time scale: the check and the message reach their caps.
    expect(project("s2", log, { ...basis, scales: uniformScales(0.01) }).projectedMs).toBe(Math.round(outside + 60_000 + 5_000 + 140_000 + 5_000));
  });
});
