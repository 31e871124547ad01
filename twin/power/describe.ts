// The box's self-description (control command `describe`): what a lab's inventory needs to drive it as hardware —
// its console line and screen profile, and its timings in real milliseconds at its time scale. Every figure comes from
// the constant the twin itself runs on, so the description cannot drift from the behaviour.
import { bootLines, fact } from "../../fixtures/manual/index.ts";
import { BAUD, BITS_PER_CHAR } from "../console/pacer.ts";
import { DEFAULT_TIMING } from "../console/keys.ts";
import { CARRIER_WAIT } from "../network/apply.ts";
import { DHCP_DISCOVER } from "../network/dhcp.ts";
import { DNS_QUERY } from "../network/dns.ts";
import { PLATFORM_FLOOR_MS } from "../network/platform.ts";
import type { TwinOptions } from "../options.ts";
import { DURATIONS } from "../ui/durations.ts";

/** The console line: 9600 baud 8N2 (8 data bits + start + 2 stop = BITS_PER_CHAR), the twin's screen profile. */
export const CONSOLE_LINE = Object.freeze({ profile: "twin", baud: BAUD, dataBits: BITS_PER_CHAR - 3, parity: "none", stopBits: 2 } as const);

/** Real-time figures (ms) a lab derives its waits from. */
export interface Timings {
  /** Power-on until the boot messages end (worst case: after an unclean power-off). */
  readonly bootMs: number;
  /** The longest a message or notice stays on the LCD. */
  readonly messageMs: number;
  /** One connection check, worst case: carrier wait + DHCP discovery + two DNS queries + the platform request. */
  readonly checkMs: number;
  /** The time one key takes to be taken from the input buffer. */
  readonly keyMs: number;
}

/** What the box says about itself. */
export interface Description {
  readonly model: TwinOptions["model"];
  readonly serial: string;
  readonly mac: string;
  readonly timeScale: number;
  readonly console: typeof CONSOLE_LINE;
  readonly timings: Timings;
  /** The fraction of real time its boots, checks and messages run at: each timing at this time scale over the same
   *  timing at scale 1. Above the time scale where a real-time floor holds (a projection divides by these). */
  readonly scales: Readonly<Record<"boot" | "check" | "message", number>>;
  /** Where each timing comes from, in words (for the printed inventory). */
  readonly sources: Readonly<Record<keyof Timings | "scales", string>>;
}

/** `ms` of appliance time in real ms at `scale`, never below the real floor `floorMs`. */
const real = (ms: number, scale: number, floorMs = 0) => Math.max(floorMs, Math.round(ms * scale));

/** The timings of a box running at time scale `s`. */
export function timingsAt(s: number): Timings {
  // As Firmware.boot runs them after an unclean power-off: the filesystem check's step takes uncleanFsckExtra longer.
  const unclean = DURATIONS.boot.map((ms, i) => (bootLines[i]?.startsWith("Filesystem") ? ms + DURATIONS.uncleanFsckExtra : ms));
  const boot = unclean.reduce((sum, ms) => sum + real(ms, s, DURATIONS.readableMs), 0);
  const contacting = DURATIONS.contacting.reduce((sum, ms) => sum + real(ms, s, DURATIONS.readableMs), 0);
  const dhcp = DHCP_DISCOVER.tries * Math.max(1000, Math.round(DHCP_DISCOVER.seconds * s) * 1000);
  const dns = 2 * DNS_QUERY.tries * real(DNS_QUERY.ms, s, DNS_QUERY.floorMs);
  const platform = real(Number(fact("platform-timeout").value) * 1000, s, PLATFORM_FLOOR_MS);
  const check = real(CARRIER_WAIT.ms, s, CARRIER_WAIT.floorMs) + dhcp + dns + platform;
  return Object.freeze({
    bootMs: boot,
    messageMs: real(Math.max(DURATIONS.message, DURATIONS.notice), s, DURATIONS.readableMs),
    checkMs: Math.max(contacting, check),
    keyMs: Math.max(1, Math.round(DEFAULT_TIMING.keyMs * Math.min(1, s))),
  });
}

/** Where each figure comes from. */
export const TIMING_SOURCES: Readonly<Record<keyof Timings | "scales", string>> = Object.freeze({
  bootMs: "twin/ui/durations.ts DURATIONS.boot (10+35+30+45 s = the manual's ~2 min boot) + uncleanFsckExtra 20 s, each message >= readableMs 400 ms real",
  messageMs: "twin/ui/durations.ts DURATIONS.message 2 s (notice 1.5 s), >= readableMs 400 ms real",
  checkMs: "twin/network: apply.ts CARRIER_WAIT 3 s + dhcp.ts DHCP_DISCOVER 3x3 s + dns.ts DNS_QUERY 2 servers x 2 tries x 5 s + platform.ts the manual's 30 s platform timeout (each with its real floor); at least the CONTACTING messages",
  keyMs: "twin/console/keys.ts DEFAULT_TIMING.keyMs 12 ms per key (x time scale, at most 12)",
  scales: "bootMs, checkMs and messageMs at this time scale over the same at time scale 1: the real-time floors make them exceed timeScale",
});

/** Each kind's timing at time scale `s` over the same at scale 1 (four significant digits). */
export function scalesAt(s: number): Description["scales"] {
  const here = timingsAt(s);
  const real = timingsAt(1);
  const ratio = (k: "bootMs" | "checkMs" | "messageMs") => Number((here[k] / real[k]).toPrecision(4));
  return Object.freeze({ boot: ratio("bootMs"), check: ratio("checkMs"), message: ratio("messageMs") });
}

/** The description of the box `o` configures. */
export function describe(o: TwinOptions): Description {
  const timings = timingsAt(o.timeScale);
  return Object.freeze({ model: o.model, serial: o.serial, mac: o.mac, timeScale: o.timeScale, console: CONSOLE_LINE, timings, scales: scalesAt(o.timeScale), sources: TIMING_SOURCES });
}
