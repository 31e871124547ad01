// Projection of a scenario's waits to a real appliance's timings.
import { describe, expect, it } from "vitest";
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
    const p = project("s1", log, { timeScale: 0.01, capMs: { boot: 180_000, check: 60_000, message: 5_000 }, keyMs: 210 });
    expect(p.counts).toEqual({ boot: 1, check: 1, message: 1, key: 2, other: 1 });
    expect(p.waitedMs.boot).toBe(2_900);
    const outside = Math.max(0, p.wallMs - (2_900 + 300 + 400 + 35 + 50));
    expect(p.projectedMs).toBe(Math.round(outside + 180_000 + 30_000 + 5_000 + 420 + 5_000));
    expect(projectionTable([p], "t")).toMatch(/^t: 1 scenario\(s\), wall \d+\.\d s, projected at real appliance timings 220\.\d s/);
  });
});
