// How long the appliance shows each message: the firmware's boot and checks, the flows' messages, and what the box
// tells the rig of its timings (power/describe.ts) read the same figures.

/** How long the appliance shows each message, at time scale 1 (ms). */
export const DURATIONS = Object.freeze({
  boot: [10_000, 35_000, 30_000, 45_000] as const,
  uncleanFsckExtra: 20_000,
  contacting: [4_000, 3_000, 2_000] as const,
  message: 2_000,
  notice: 1_500,
  /** Screens a reader must be able to see stay at least this long in real time, whatever the time scale. */
  readableMs: 400,
});
