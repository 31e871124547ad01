// The receive pipeline: device bytes -> xterm -> LCD state, recorded (masked while a secret is shown).
import type { CallLog } from "./calllog.ts";
import { describeLcd, lcdKey, readLcd, type Lcd } from "./lcd.ts";
import { isSecretScreen, maskedRepaint, maskLcd } from "./mask.ts";
import type { ScreenProfile } from "./profile.ts";
import { Screen } from "./screen.ts";
import type { Transcript } from "./transcript.ts";

/** Where a device starts a screen update: the cursor hidden while it draws (VT100 DECTCEM reset). */
const UPDATE_START = Buffer.from("\x1b[?25l", "latin1");
/** How many recent LCD states are kept (screens a loaded host received in one read are not lost between two keys). */
const HISTORY = 64;

/** `chunk` cut before every screen update it starts after its first byte: a loaded host reads several updates at once,
 *  and each is parsed on its own so that a screen shown only briefly is still seen. */
export function updates(chunk: Buffer): Buffer[] {
  const pieces: Buffer[] = [];
  let from = 0;
  for (let at = chunk.indexOf(UPDATE_START, 1); at > 0; at = chunk.indexOf(UPDATE_START, at + 1)) {
    pieces.push(chunk.subarray(from, at));
    from = at;
  }
  pieces.push(chunk.subarray(from));
  return pieces;
}

/** Parses device output in order, keeps the current LCD, and tells `onParsed` after each screen update. */
export class ScreenFeed {
  readonly screen: Screen;
  /** The LCD as of the last parsed chunk. */
  state: Lcd;
  /** The last LCD states, each with when it was parsed (performance.now()). */
  readonly history: { at: number; lcd: Lcd }[] = [];
  private pending = 0;
  private lastParse: Promise<void> = Promise.resolve();
  private readonly decoder = new TextDecoder("utf-8");
  private stopped = false;
  /** LCD line 2 as it was when a secret window closed: stays masked until the device redraws it. */
  private sticky: string | null = null;

  constructor(
    private readonly profile: ScreenProfile,
    private readonly log: CallLog,
    private readonly transcript: Transcript | undefined,
    /** True while the caller has opened an explicit secret window. */
    private readonly secretWindow: () => boolean,
    private readonly onParsed: () => void,
  ) {
    this.screen = new Screen(profile);
    this.state = readLcd(this.screen, profile);
  }

  /** True while received bytes are not yet parsed. */
  get parsing(): boolean {
    return this.pending > 0;
  }

  /** True while a secret is on screen: explicit window, a profile secret screen, or its line 2 still shown. */
  get secret(): boolean {
    if (this.secretWindow() || isSecretScreen(this.state, this.profile)) return true;
    return this.sticky !== null && this.state.lines[1] === this.sticky;
  }

  /** A secret window just closed: keep masking line 2 until it shows something else. */
  windowClosed(): void {
    if (this.state.lines[1].trim() !== "") this.sticky = this.state.lines[1];
  }

  /** Feed a chunk that arrived at `at` (performance.now()), one screen update at a time. */
  received(chunk: Buffer, at: number): void {
    for (const piece of updates(chunk)) this.receivedPiece(piece, at);
  }

  private receivedPiece(chunk: Buffer, at: number): void {
    this.pending++;
    const text = this.decoder.decode(chunk, { stream: true });
    // Each update is written once the one before is parsed: xterm parses queued writes in one batch, and the LCD read
    // after it would show only the last of them.
    this.lastParse = this.lastParse.catch(() => undefined).then(() => this.screen.write(chunk)).then(() => {
      this.pending--;
      if (this.stopped) return; // bytes that raced close()
      const wasSecret = this.secret;
      const prevLcd = this.state;
      const prev = lcdKey(prevLcd);
      this.state = readLcd(this.screen, this.profile);
      if (this.sticky !== null && this.state.lines[1] !== this.sticky) this.sticky = null;
      if (wasSecret && !this.secret && this.state.lines[1] === prevLcd.lines[1] && prevLcd.lines[1].trim() !== "") this.sticky = prevLcd.lines[1];
      const secret = wasSecret || this.secret;
      // While a secret is shown, the transcript gets a masked repaint instead of the raw bytes.
      this.transcript?.output(secret ? maskedRepaint(this.screen, this.profile) : text, at);
      if (lcdKey(this.state) !== prev) {
        this.history.push({ at: performance.now(), lcd: this.state });
        if (this.history.length > HISTORY) this.history.shift();
        const shown = secret ? maskLcd(this.state) : this.state;
        this.log.add({ kind: "screen", screen: describeLcd(shown) });
        this.transcript?.screen(shown, at);
      }
      this.onParsed();
    });
  }

  /** Resolves once every received byte has been parsed. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.lastParse;
  }

  /** Stop recording and release the screen. */
  stop(): void {
    this.stopped = true;
    this.screen.dispose();
  }
}
