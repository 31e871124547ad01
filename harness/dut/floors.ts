// The harness's floors under every deadline it derives from a DUT's timings: a lab host under load schedules the
// harness, the DUT's helpers and the line late by seconds, whatever the appliance's own durations are. A real
// appliance's timings are all above them; a twin (or a twin-as-hardware box) at time scale 0.01 is not.
import type { DutTimings } from "./types.ts";

/** Minimum deadlines, ms: a boot, a message, a connection check, one key's echo. */
export const HOST_FLOORS: DutTimings = Object.freeze({ bootMs: 20_000, messageMs: 5_000, checkMs: 15_000, keyMs: 8_000 });

/** `t` with each deadline raised to at least its floor. */
export function withHostFloors(t: DutTimings): DutTimings {
  const at = (k: keyof DutTimings) => Math.max(HOST_FLOORS[k], t[k]);
  return Object.freeze({ bootMs: at("bootMs"), messageMs: at("messageMs"), checkMs: at("checkMs"), keyMs: at("keyMs") });
}
