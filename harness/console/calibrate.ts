// Screen profile calibration on a live console: bring the appliance to a known state the manual describes (home
// screen, ENTER into the main menu at SETUP NETWORK, DOWN to the next option), capture those screens, infer where the
// firmware draws the LCD, indicators, LEDs and MAC, check the profile reads them back, and leave the menu again.
import { Deadline } from "../../netns/util/deadline.ts";
import { mainMenu, screens } from "../../fixtures/manual/index.ts";
import { CalibrationError, inferProfile, type Capture, type Captures, type Inference } from "./calibrate-infer.ts";
import { encodeKey, type NavKey } from "./keys.ts";
import { readLcd } from "./lcd.ts";
import { defineProfile, type ScreenProfile } from "./profile.ts";
import { Screen } from "./screen.ts";
import { SerialTransport } from "./serial.ts";

export { CalibrationError } from "./calibrate-infer.ts";

/** What `calibrate` needs: the console's path; the rest has the manual's defaults (9600 8N2, VT100 80x24). */
export interface CalibrateOptions {
  path: string;
  /** Profile name (default: "calibrated"). */
  name?: string;
  line?: Partial<ScreenProfile["line"]>;
  cols?: number;
  rows?: number;
  /** LCD width when no border shows it; lit LED character when none is lit (see calibrate-infer.ts). */
  width?: number;
  ledLit?: string;
  /** Silence that ends a redraw, ms (default 300: calibration is not timed, a USB adapter may be slow). */
  quietMs?: number;
  /** The whole calibration, including waiting out a boot (default 5 minutes; a real boot takes about two). */
  deadline?: Deadline;
  /** How long a blank console may take to answer the waking ENTER, ms (default 15 s). */
  wakeMs?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** The calibrated profile, what was assumed, and the screens it came from. */
export interface Calibration extends Inference {
  captures: Captures;
}

const MAIN_LABELS = mainMenu.map((m) => m.label);
const EXIT = "EXIT THIS MENU";
const FIRST = "SETUP NETWORK";
// The boot and platform-contact messages; the LCD word-wraps the longer ones, so their first 16 characters are matched.
const BOOTING = [...screens.boot, ...screens.contacting, ...screens.connectionCheck].map((l) => l.slice(0, 16));

/** The live side: bytes into a VT100 screen, keys out, waits for a redraw to finish. */
class Live {
  private rx = 0;
  private lastRx = 0;
  private parsed: Promise<void> = Promise.resolve();
  /** Called on every chunk and when the link dies: the pending settle() re-judges at once. */
  private readonly wakers = new Set<() => void>();

  constructor(readonly link: SerialTransport, readonly screen: Screen, private readonly quietMs: number) {
    link.onData((chunk, at) => {
      this.rx += chunk.length;
      this.lastRx = at;
      this.parsed = this.parsed.then(() => screen.write(chunk));
      for (const wake of this.wakers) wake();
    });
    link.onDead(() => {
      for (const wake of this.wakers) wake();
    });
  }

  text(): string {
    return this.screen.text().join("\n");
  }

  capture(bytes: number): Capture {
    return { rows: this.screen.text(), bytes };
  }

  /** Wait for output to start (within `windowMs`) and end (quiet for quietMs); how many bytes, first byte after ms.
   *  Woken by each chunk (no polling): a timer runs only to the next moment the outcome can change (the end of the
   *  quiet time after the last byte, the end of the window, the deadline). */
  async settle(since: number, sentAt: number, windowMs: number, deadline: Deadline): Promise<{ bytes: number; latencyMs: number }> {
    const until = performance.now() + Math.min(windowMs, deadline.remaining);
    let first = 0;
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.wakers.delete(judge);
        if (error) reject(error);
        else resolve();
      };
      const judge = () => {
        if (this.link.dead) return done(this.link.dead);
        const now = performance.now();
        if (this.rx > since && !first) first = this.lastRx;
        // Output started: settled once the line has been quiet quietMs; before that, nothing ends the wait but the deadline.
        const next = this.rx > since ? this.lastRx + this.quietMs : until;
        if (now >= next || deadline.expired) return done();
        clearTimeout(timer);
        timer = setTimeout(judge, Math.max(1, Math.min(next - now, deadline.remaining)));
      };
      this.wakers.add(judge);
      judge();
    });
    await this.parsed;
    return { bytes: this.rx - since, latencyMs: first ? first - sentAt : 0 };
  }

  /** Send one key and wait for its redraw; bytes 0 means the key changed nothing within the window. */
  async press(key: NavKey, deadline: Deadline, windowMs = Math.max(2000, this.quietMs * 4)): Promise<{ bytes: number; latencyMs: number }> {
    const since = this.rx;
    const sentAt = this.link.write(encodeKey(key));
    return this.settle(since, sentAt, windowMs, deadline);
  }

  /** Wait for any output (a boot message changing), up to `windowMs`. */
  async idle(windowMs: number, deadline: Deadline): Promise<number> {
    return (await this.settle(this.rx, performance.now(), windowMs, deadline)).bytes;
  }
}

const rowsOf = (text: string) => text.split("\n").map((r) => `  |${r.trimEnd()}`).filter((r) => r !== "  |").join("\n") || "  (blank)";

/** Calibrate the console at `o.path`; the appliance is left on its home screen. */
export async function calibrate(o: CalibrateOptions): Promise<Calibration> {
  const deadline = o.deadline ?? Deadline.in(300_000, "screen profile calibration");
  const line: ScreenProfile["line"] = { baudRate: 9600, dataBits: 8, parity: "none", stopBits: 2, ...o.line };
  const cols = o.cols ?? 80;
  const rows = o.rows ?? 24;
  const log = o.log ?? (() => undefined);
  const link = await SerialTransport.open(o.path, line);
  const screen = new Screen({ cols, rows });
  const live = new Live(link, screen, o.quietMs ?? 300);
  try {
    await live.idle(1000, deadline);
    if (screen.blank()) {
      log("console blank: ENTER (manual: press ENTER to display the Remote Console interface)");
      await live.press("ENTER", deadline);
      if (screen.blank()) await live.idle(o.wakeMs ?? 15_000, deadline);
      if (screen.blank()) throw new CalibrationError(`Calibration on ${o.path}: the console shows nothing after ENTER; is the appliance powered on, and is this its console (${line.baudRate} ${line.dataBits}${line.parity[0]!.toUpperCase()}${line.stopBits})?`);
    }
    const captures = await knownState(live, o.path, deadline, log);
    const latencyMs = captures.latencyMs;
    const inferred = inferProfile(captures.captures, { name: o.name ?? "calibrated", cols, rows, line, latencyMs, ...(o.width ? { width: o.width } : {}), ...(o.ledLit ? { ledLit: o.ledLit } : {}) });
    const profile = defineProfile(inferred.profile, `calibration of ${o.path}`);
    await verify(live, profile, captures.captures, o.path, deadline);
    await leaveMenu(live, o.path, deadline, log);
    return { profile, notes: inferred.notes, captures: captures.captures };
  } finally {
    await link.close();
    screen.dispose();
  }
}

/** From whatever the console shows to the three screens: home, main menu at SETUP NETWORK, the next option. */
async function knownState(live: Live, path: string, deadline: Deadline, log: (l: string) => void): Promise<{ captures: Captures; latencyMs: number }> {
  for (let round = 0; round < 10; round++) {
    const text = live.text();
    if (MAIN_LABELS.some((l) => text.includes(l))) {
      log("in the main menu: leaving it through EXIT THIS MENU to start from the home screen");
      await leaveMenu(live, path, deadline, log);
      continue;
    }
    if (BOOTING.some((l) => text.includes(l))) {
      log("the appliance is booting or contacting the platform: waiting for the next screen");
      if ((await live.idle(Math.max(1, deadline.remaining), deadline)) === 0) break;
      continue;
    }
    if (/REALLY/.test(text)) {
      throw new CalibrationError(`Calibration on ${path}: the console shows a confirmation; ENTER would carry it out. Answer it (Up cancels) and run again. Screen:\n${rowsOf(text)}`);
    }
    const home = live.capture(0);
    log("home screen: ENTER into the main menu");
    const entered = await live.press("ENTER", deadline);
    if (!live.text().includes(FIRST)) {
      throw new CalibrationError(`Calibration on ${path}: expected ENTER on the home screen to show the main menu at ${FIRST} (manual: "The first menu option displayed is SETUP NETWORK"). Before ENTER:\n${rowsOf(home.rows.join("\n"))}\nAfter ENTER:\n${rowsOf(live.text())}`);
    }
    const menu = live.capture(entered.bytes);
    log(`main menu at ${FIRST}: DOWN to the next option`);
    const down = await live.press("DOWN", deadline);
    if (down.bytes === 0) throw new CalibrationError(`Calibration on ${path}: DOWN at ${FIRST} changed nothing on the screen:\n${rowsOf(live.text())}`);
    return { captures: { home, menu, next: live.capture(down.bytes) }, latencyMs: Math.max(entered.latencyMs, down.latencyMs) };
  }
  throw new CalibrationError(`Calibration on ${path}: could not reach the home screen (name and IP, ACTIVATION CODE or a message) or the main menu before ${deadline.what} ran out. Screen:\n${rowsOf(live.text())}`);
}

/** DOWN until EXIT THIS MENU shows, then ENTER (manual: "To exit the main menu ..."). */
async function leaveMenu(live: Live, path: string, deadline: Deadline, log: (l: string) => void): Promise<void> {
  for (let i = 0; i <= MAIN_LABELS.length + 2 && !live.text().includes(EXIT); i++) {
    if ((await live.press("DOWN", deadline)).bytes === 0) break;
  }
  if (!live.text().includes(EXIT)) throw new CalibrationError(`Calibration on ${path}: pressed DOWN through the main menu without reaching ${EXIT}. Screen:\n${rowsOf(live.text())}`);
  await live.press("ENTER", deadline);
  log("left the main menu");
}

/** The profile must read the screens back: the next option now, SETUP NETWORK after UP, the MAC shown. */
async function verify(live: Live, profile: ScreenProfile, c: Captures, path: string, deadline: Deadline): Promise<void> {
  const fail = (what: string) => new CalibrationError(`Calibration on ${path}: the inferred profile ${what}. Screen:\n${rowsOf(live.text())}\nProfile: ${JSON.stringify(profile)}`);
  const next = readLcd(live.screen, profile);
  if (!next.text || next.text.includes(FIRST)) throw fail(`reads ${JSON.stringify(next.text)} where the option after ${FIRST} is shown`);
  if (!next.nav.enter) throw fail("reads no ENTER indicator on a menu option");
  if (!next.mac || !c.menu.rows.join("\n").includes(next.mac)) throw fail(`reads the MAC as ${JSON.stringify(next.mac)}`);
  await live.press("UP", deadline);
  const back = readLcd(live.screen, profile);
  if (back.lines[0].trim() !== FIRST) throw fail(`reads ${JSON.stringify(back.lines[0])} as LCD line 1 after UP, where ${FIRST} is shown`);
}
