// The device under test: what every backend (twin, hardware) offers the scenarios.
import type { ScreenProfile } from "../console/profile.ts";

/** Which appliance model the DUT is (legacy shows E-codes instead of texts). */
export type Model = "current" | "legacy";

/** How long the appliance takes, in real milliseconds: every wait of the UI and every test timeout derives from these. */
export interface DutTimings {
  /** Power-on (or reboot) to the end of the first connection check. */
  readonly bootMs: number;
  /** Longest a message stays on screen by itself. */
  readonly messageMs: number;
  /** One connection check (CONTACTING QUALYS to the outcome on the home screen). */
  readonly checkMs: number;
  /** A key's echo (the screen change it causes). */
  readonly keyMs: number;
}

/** The fraction of real time each kind of the DUT's waits runs at: 1 everywhere for a real appliance. A twin at time
 *  scale 0.01 runs its polls at 0.01, but its screens stay readable and its network waits keep real floors, so its
 *  boots, checks and messages run at larger fractions; a projection to real timings divides each wait by its own. */
export interface WaitScales {
  readonly boot: number;
  readonly check: number;
  readonly message: number;
  /** Any other wait (a poll): the DUT's time scale. */
  readonly other: number;
}

/** Every kind of wait at one time scale (a DUT that states no more). */
export function uniformScales(timeScale: number): WaitScales {
  return Object.freeze({ boot: timeScale, check: timeScale, message: timeScale, other: timeScale });
}

/** Power of the appliance: `off` is a clean power-button shutdown where the backend has one, `cut` pulls the plug. */
export interface PowerControl {
  on(): Promise<void>;
  off(): Promise<void>;
  cut(): Promise<void>;
}

/** The lab side a DUT attaches to (a netns Lab satisfies it). */
export interface LabLike {
  /** Namespace name of a lab host (the DUT lives in `ns("dut")`). */
  ns(host: string): string;
  /** The lab's run directory (records that a sweeper reads after a crash). */
  readonly dir: string;
  /** The lab's owner prefix: processes started for it carry it (HIL_OWNER), so a sweeper finds them untracked too. */
  readonly prefix?: string;
  /** The lab's platform emulator: the endpoint file an appliance is configured from (none when the lab runs none). */
  readonly platform?: { readonly endpointFile: string } | undefined;
  /** Record a process for the lab's sweeper (optional). */
  track?(label: string, pid: number, options?: { pidFile?: string; group?: boolean; stop?: boolean }): Promise<void>;
}

/** One attached appliance. Dispose once; dispose is idempotent. */
export interface Dut extends AsyncDisposable {
  readonly name: string;
  readonly kind: "twin" | "hardware";
  readonly model: Model;
  /** tty or PTY path of the remote console. */
  readonly console: string;
  readonly power: PowerControl;
  /** Where its firmware draws the LCD on the console, and the console's line settings. */
  readonly profile: ScreenProfile;
  /** How long it takes (boot, messages, checks, keys), in real milliseconds. */
  readonly timings: DutTimings;
  /** The fraction of real time each kind of its waits runs at (projections to a real appliance divide by it). */
  readonly scales: WaitScales;
  /** Directory for this DUT's evidence and records. */
  readonly dir: string;
  /** Serial number, as on the appliance's label (hardware: the inventory; twin: what it was started with). */
  readonly serial?: string;
  /** Firmware versions when known (hardware reads them from the inventory or the portal). */
  readonly versions: { readonly software?: string; readonly signatures?: string };
  dispose(): Promise<void>;
}
