// One progress line per ended scenario: count, verdict, name, time, and the cause of a failure or skip.
import { describe, expect, it } from "vitest";
import { progressLine } from "./progress.ts";

describe("progressLine", () => {
  it("says done/total, the verdict, the name, the time, and why it failed or was skipped", () => {
    expect(progressLine(3, 41, { name: "Proxy Configuration > PROXY HOST default", state: "passed", ms: 12_345 })).toBe("[certify]  3/41 PASS  Proxy Configuration > PROXY HOST default (12.3 s)");
    expect(progressLine(41, 41, { name: "x", state: "failed", ms: 500, note: "expected 255.255.254.000, shown 255.255.255.000" })).toBe("[certify] 41/41 FAIL  x (0.5 s) - expected 255.255.254.000, shown 255.255.255.000");
    expect(progressLine(1, 2, { name: "y", state: "skipped", ms: 0, note: "needs a legacy model appliance" })).toBe("[certify] 1/2 SKIP  y (0.0 s) - needs a legacy model appliance");
  });
});
