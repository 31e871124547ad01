// Public API of harness/capture: start/stop captures, decode pcaps into typed Frames, query and match traffic.
export { Capture, startCapture, type CaptureState } from "./capture.ts";
export { CaptureSet, startCaptures, type CapturePoint } from "./capture-set.ts";
export { decode } from "./decode.ts";
export { CaptureError, CaptureExpectationError } from "./errors.ts";
export { describeMiss, expectNone, expectSome, waitForFrames, type ExpectOptions } from "./expect.ts";
export type * from "./frame.ts";
export type { CaptureOptions, DecodeOptions } from "./options.ts";
export * from "./queries.ts";
export { Query, allOf, anyOf, not, where, type Clause } from "./query.ts";
export { summarize } from "./summary.ts";
export { DEFAULT_BUFFER_KIB, DEFAULT_SNAPLEN, pidFileFor, type CaptureStats } from "./tcpdump.ts";
export { reapCapture, reapCaptures, pcapForPidFile, type ReapOutcome } from "./stale.ts";
export { canonicalIp, canonicalMac } from "./addr.ts";
export { skippedFields } from "./decode.ts";
