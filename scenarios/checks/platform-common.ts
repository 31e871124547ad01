// Helpers of the platform-side checks: LEDs awaited on the console, scans awaited on the portal, captures of the
// scenario's own (started, stopped and attached as evidence here), each miss raised as a deviation from the manual.
import { join } from "node:path";
import { ConsoleTimeoutError } from "../../harness/console/index.ts";
import { Capture, waitForFrames, type Frame, type Query } from "../../harness/capture/index.ts";
import type { Portal, ScanView } from "../../harness/platform/portal.ts";
import { attachEvidence } from "../../harness/report/allure.ts";
import { DeviationError } from "../../harness/ui/index.ts";
import { Deadline, DeadlineError, pollUntil } from "../../netns/util/deadline.ts";
import type { Session } from "../rig.ts";

/** A scan state the platform keeps once the scan ended. */
const ENDED = new Set(["finished", "failed", "cancelled"]);

/** How long the appliance may take to act on what the portal set (a scan launched, an update pushed) or to report
 *  back to it (a scan's end, its capacity, a poll): until its next poll. A real appliance polls every minute or few
 *  (the manual's Polling column: 65 and 180 seconds), which a fixed 30 s would call a deviation. The bound is the
 *  one the start strategy gives an activation (harness/ui/strategy.ts): a boot's time plus a check on this DUT, four
 *  minutes on hardware; never below the 30 s these checks waited before (a twin at time scale 0.01: about 35 s). */
export function pollWaitMs(s: Session): number {
  return Math.max(30_000, s.ui.options.bootMs + s.ui.checkMs);
}

/** Wait until LED `led` is `lit` (a deviation naming `step` otherwise); by default until the appliance's next poll. */
export async function led(s: Session, which: "s1" | "s2", lit: boolean, step: string, ms = pollWaitMs(s)): Promise<void> {
  const name = which.toUpperCase();
  try {
    await s.con.waitFor((l) => l.leds[which] === lit, { deadline: Deadline.in(ms, `${name} ${lit ? "lit" : "dark"}`) });
  } catch (error) {
    if (error instanceof ConsoleTimeoutError) throw new DeviationError(s.ui.name, step, `${name} ${lit ? "lit" : "dark"}`, `${name} ${s.con.lcd().leds[which] ? "lit" : "dark"}`);
    throw error;
  }
}

/** Poll `read` until it returns a value (by default until the appliance's next poll); a timeout is a deviation at
 *  `step` showing the last thing read. */
export async function awaitOr<T>(s: Session, step: string, expected: string, read: () => Promise<T | undefined>, show: () => string, ms = pollWaitMs(s)): Promise<T> {
  try {
    return await pollUntil(read, Deadline.in(ms, expected));
  } catch (error) {
    if (error instanceof DeadlineError) throw new DeviationError(s.ui.name, step, expected, show(), { cause: error });
    throw error;
  }
}

/** Wait until the platform records scan `id` as ended (by default until the appliance's next poll); a deviation
 *  (with its last state) if it does not in time. */
export async function scanEnded(s: Session, portal: Portal, id: string, step: string, ms = pollWaitMs(s)): Promise<ScanView> {
  let last: ScanView | undefined;
  return awaitOr(s, step, `scan ${id} ended on the platform`, async () => {
    last = await portal.scan(id);
    return ENDED.has(last.state) ? last : undefined;
  }, () => `scan ${id} ${last?.state ?? "unknown"} (progress ${last?.progress ?? "-"})`, ms);
}

/** A capture of this scenario on a lab host's `host`:`iface` (the appliance's cables: observe.ts captureAt), kept in the session's evidence directory. */
export async function captureOn(s: Session, host: string, iface: string): Promise<Capture> {
  const file = join(s.evidence, `${host}-${iface}-${Date.now()}.pcap`);
  return Capture.start({ ns: s.lab!.ns(host), iface, file, deadline: Deadline.in(10_000, `capture on ${host}:${iface}`) });
}

/** Stop a capture and attach its pcap to the result (whatever the verdict). */
export async function closeCapture(cap: Capture): Promise<void> {
  await cap.stop().catch(() => undefined);
  await attachEvidence(cap.file).catch(() => false);
}

/** Wait for frames matching `query` in the capture; a deviation at `step` if none come. */
export async function framesSeen(s: Session, cap: Capture, query: Query, step: string, ms = 15_000): Promise<Frame[]> {
  try {
    return await waitForFrames(cap, query, Deadline.in(ms, step));
  } catch (error) {
    if (error instanceof DeviationError) throw error;
    throw new DeviationError(s.ui.name, step, `frames matching ${query.describe} in ${cap.file}`, (error as Error).message.split("\n")[0] ?? "none", { cause: error });
  }
}

/** Frames matching `query` captured so far (after the capture has stopped: all of them). */
export async function framesNow(cap: Capture, query: Query): Promise<Frame[]> {
  return query.select(await cap.frames({ deadline: Deadline.in(30_000, `tshark to decode ${cap.file}`) }));
}

