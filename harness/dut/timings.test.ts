// The DUT's timings: a twin's are a real appliance's scaled by its time scale, never below its real-time floors.
import { describe, expect, it } from "vitest";
import { HARDWARE_TIMINGS } from "./inventory.ts";
import { TWIN_FLOORS, twinTimings } from "./twin.ts";

describe("twin timings", () => {
  it("scale a real appliance's durations and keep the twin's floors", () => {
    expect(twinTimings(0.01)).toEqual(TWIN_FLOORS); // 180 s boot -> 1.8 s, below the 20 s floor
    expect(twinTimings(1)).toEqual(HARDWARE_TIMINGS);
    expect(twinTimings(0.5)).toEqual({ bootMs: 90_000, messageMs: 15_000, checkMs: 30_000, keyMs: 8_000 });
  });
});
