// The Console: one appliance's remote console; reads the LCD, sends keys one at a time, each confirmed.
import { join } from "node:path";
import { Deadline } from "../../netns/util/deadline.ts";
import { CallLog } from "./calllog.ts";
import { ConsoleClosedError, ConsoleTimeoutError, LostKeyError, UnexpectedChangeError } from "./errors.ts";
import { checkKey, encodeKey, type Key } from "./keys.ts";
import { ScreenFeed } from "./feed.ts";
import { describeLcd, lcdKey, normaliseMessage, type Lcd } from "./lcd.ts";
import { isSecretScreen, maskInput, maskKey, maskLcd } from "./mask.ts";
import { consoleOptions, fileSafe, type ConsoleOpenInput, type ConsoleOptions } from "./options.ts";
import { charTimeMs } from "./profile.ts";
import type { ScreenSnapshot } from "./screen.ts";
import { SerialTransport } from "./serial.ts";
import { OverheadStats } from "./stats.ts";
import { Transcript } from "./transcript.ts";
import { WaitSet, WaitTimeout } from "./waiters.ts";

/** What a key must do: change the screen (default), change nothing, or change it to a state the predicate accepts. */
export type Expect = "change" | "none" | ((lcd: Lcd) => boolean);
/** Options of one key press. */
export interface PressOptions {
  expect?: Expect;
  deadline?: Deadline;
  /** Opt-in: on a lost key, re-read the screen and re-send (default 1 more attempt). */
  resync?: boolean | { attempts: number };
}
/** What waitFor accepts: a predicate, a substring of the LCD text, a RegExp, or a manual message (whole text). */
export type Awaited = ((lcd: Lcd) => boolean) | string | RegExp | { text: string };

/** One appliance console. Open with Console.open; close (or `await using`) when done. */
export class Console {
  private readonly log = new CallLog(performance.now());
  private readonly feed: ScreenFeed;
  private readonly waits: WaitSet;
  private readonly overhead = new OverheadStats();
  private secretDepth = 0;
  private confirmed = false;
  private failed: Error | null = null;
  private recent = Buffer.alloc(0);
  /** When the last key left (performance.now()). */
  private lastKeyAt = 0;

  private constructor(readonly options: ConsoleOptions, private readonly link: SerialTransport, private readonly transcript: Transcript | undefined) {
    this.feed = new ScreenFeed(options.profile, this.log, transcript, () => this.secretDepth > 0, () => this.waits.changed());
    this.waits = new WaitSet({ current: () => this.feed.state, lastRxAt: () => link.lastRxAt, parsing: () => this.feed.parsing });
    link.onData((chunk, at) => {
      this.recent = Buffer.concat([this.recent, chunk]).subarray(-RECENT_BYTES);
      this.feed.received(chunk, at);
    });
    link.onDead((err) => {
      this.failed = err;
      this.log.add({ kind: "note", note: err.message });
      this.waits.failAll(err);
    });
  }

  /** Open the console at `path` with a screen profile; see ConsoleOptions for the rest. */
  static async open(input: ConsoleOpenInput): Promise<Console> {
    const o = consoleOptions(input);
    const link = await SerialTransport.open(o.path, o.serial);
    const base = o.transcript ? join(o.transcript.dir, fileSafe(o.name)) : "";
    const transcript = o.transcript
      ? new Transcript({ castPath: `${base}.cast`, timelinePath: `${base}.screens.txt`, width: o.profile.cols, height: o.profile.rows, title: `${o.name} console (${o.path})`, secrets: o.secrets })
      : undefined;
    return new Console(o, link, transcript);
  }

  /** The device name used in messages. */
  get name(): string {
    return this.options.name;
  }

  /** Every LCD state parsed since the last key left, in order (the current one last): a screen shown only briefly
   *  (a message a loaded host read together with the screen that replaced it) is among them. */
  screensSinceKey(): Lcd[] {
    return this.feed.history.filter((h) => h.at >= this.lastKeyAt).map((h) => structuredClone(h.lcd));
  }

  /** The current LCD reading (as last parsed). */
  lcd(): Lcd {
    return structuredClone(this.feed.state);
  }

  /** The whole screen (rows, cursor, reverse-video runs); LCD line 2 starred out while a secret is on screen. */
  snapshot(): ScreenSnapshot {
    const snap = this.feed.screen.snapshot();
    if (!this.secretActive) return snap;
    const { row, col } = this.options.profile.lcd.lines[1];
    const r = snap.rows[row - 1]!;
    const w = this.options.profile.lcd.width;
    snap.rows[row - 1] = r.slice(0, col - 1) + r.slice(col - 1, col - 1 + w).replace(/[^ ]/g, "*") + r.slice(col - 1 + w);
    return snap;
  }

  /** The screen as text for a report: the terminal's rows (trailing blanks dropped) and the LCD as read, both masked
   *  while a secret is on screen. */
  screenText(): string {
    const rows = this.snapshot().rows.map((r) => r.trimEnd());
    while (rows.length && rows.at(-1) === "") rows.pop();
    return `${rows.join("\n")}\n--\nLCD ${describeLcd(this.writable(this.feed.state))}\n`;
  }

  /** `key` as it may be named in a log or report: starred while a secret is on screen. */
  keyForLog(key: Key): string {
    return this.secretActive || isSecretScreen(this.feed.state, this.options.profile) ? maskKey(key) : key;
  }

  /** Wake a console that shows nothing yet: press ENTER once if the screen is blank (a fresh connection). */
  async wake(opts: { deadline?: Deadline } = {}): Promise<Lcd> {
    await this.feed.idle();
    return this.feed.state.blank ? this.press("ENTER", opts) : this.lcd();
  }

  /** True while a secret is being edited (explicit window or a profile secret screen). */
  get secretActive(): boolean {
    return this.feed.secret;
  }

  /** Run `fn` with everything it types and every echo of LCD line 2 masked in transcripts and logs. */
  async secret<T>(fn: () => Promise<T>): Promise<T> {
    this.secretDepth++;
    try {
      return await fn();
    } finally {
      if (--this.secretDepth === 0) this.feed.windowClosed();
    }
  }

  /** Send ONE key and wait for the effect it must cause; LostKeyError if it does not appear. */
  async press(key: Key, opts: PressOptions = {}): Promise<Lcd> {
    checkKey(key);
    const deadline = opts.deadline ?? Deadline.in(this.options.keyTimeoutMs, `effect of ${key}`);
    const expect = opts.expect ?? "change";
    const attempts = 1 + (opts.resync === true ? 1 : opts.resync ? opts.resync.attempts : 0);
    const before = await this.settled(key, deadline);
    if (expect === "none") return this.pressExpectingNothing(key, before, deadline);
    const beforeKey = lcdKey(before);
    // A predicate must hold on a changed screen: a state already shown before the key confirms nothing.
    const cond = expect === "change" ? (l: Lcd) => lcdKey(l) !== beforeKey : (l: Lcd) => lcdKey(l) !== beforeKey && expect(l);
    const quiet = expect === "change" ? this.settleMs : 0;
    for (let attempt = 1; ; attempt++) {
      this.send(key);
      const slice = attempt < attempts ? deadline.within(deadline.remaining / (attempts - attempt + 1)) : deadline;
      try {
        const lcd = await this.waits.wait(cond, slice.remaining, quiet);
        this.confirmed = true;
        return structuredClone(lcd);
      } catch (err) {
        if (!(err instanceof WaitTimeout)) throw err;
        if (attempt >= attempts) throw this.lost(key, expect, before, deadline);
        await this.feed.idle();
        this.log.add({ kind: "note", note: `resync: ${this.secretActive ? maskKey(key) : key} showed no effect; screen re-read, re-sending` });
        if (cond(this.feed.state)) return structuredClone(this.feed.state);
      }
    }
  }

  /** Type `text` one character at a time, each confirmed by a screen change. */
  async type(text: string, opts: { deadline?: Deadline } = {}): Promise<Lcd> {
    for (const ch of text) checkKey(ch);
    const deadline = opts.deadline ?? Deadline.in(this.options.keyTimeoutMs * Math.max(1, text.length), `typing ${text.length} chars`);
    for (const ch of text) await this.press(ch, { deadline: deadline.within(this.options.keyTimeoutMs) });
    return this.lcd();
  }

  /** Wait until the LCD shows `target` (and, with `quietMs`, the line has been silent that long since the last byte);
   *  ConsoleTimeoutError with the last LCD and the call log otherwise. */
  async waitFor(target: Awaited, opts: { deadline?: Deadline; quietMs?: number } = {}): Promise<Lcd> {
    this.assertOpen();
    const deadline = opts.deadline ?? Deadline.in(this.options.keyTimeoutMs, "screen state");
    const [cond, awaited] = toCondition(target);
    try {
      return structuredClone(await this.waits.wait(cond, deadline.remaining, opts.quietMs ?? 0));
    } catch (err) {
      if (!(err instanceof WaitTimeout)) throw err;
      throw new ConsoleTimeoutError(this.name, awaited, this.writable(this.feed.state), deadline.elapsed, this.log.tail());
    }
  }

  /** Overhead per confirmed key: last byte of the confirming update -> next key leaving (ms); includes the settle window. */
  stats() {
    return { overheadMs: this.overhead.summary(), settleMs: this.settleMs };
  }

  /** How long the line has been silent: ms since the last byte from the appliance (since the port opened if none). */
  silentMs(): number {
    return performance.now() - this.link.lastRxAt;
  }

  /** The last bytes received (up to 256), for a verdict on the line; empty while a secret is on screen. */
  recentBytes(): Buffer {
    return this.feed.secret ? Buffer.alloc(0) : Buffer.from(this.recent);
  }

  /** The recent call log (keys sent, screens seen), secrets masked. */
  callLog() {
    return this.log.tail(200);
  }

  /** Close the port, the transcript and the screen (idempotent). */
  async close(): Promise<void> {
    if (this.failed instanceof ConsoleClosedError) return;
    this.failed = new ConsoleClosedError(this.name);
    this.waits.failAll(this.failed);
    await this.link.close();
    await this.transcript?.close();
    this.feed.stop();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Silence that marks the end of a redraw, from the profile at the configured line rate. */
  get settleMs(): number {
    return this.options.settleMs ?? this.options.profile.redraw.quietChars * charTimeMs(this.options.serial);
  }

  /** How long "nothing changes" is watched: a typical redraw's wire time plus the profile's latency. */
  get noneWindowMs(): number {
    const r = this.options.profile.redraw;
    return r.typicalBytes * charTimeMs(this.options.serial) + r.latencyMs;
  }

  private async pressExpectingNothing(key: Key, before: Lcd, deadline: Deadline): Promise<Lcd> {
    const beforeKey = lcdKey(before);
    this.send(key);
    try {
      await this.waits.wait((l) => lcdKey(l) !== beforeKey, Math.min(this.noneWindowMs, deadline.remaining));
    } catch (err) {
      if (!(err instanceof WaitTimeout)) throw err;
      await this.feed.idle();
      if (lcdKey(this.feed.state) === beforeKey) return this.lcd();
    }
    const shown = this.secretActive ? maskKey(key) : key;
    throw new UnexpectedChangeError(this.name, shown, this.writable(before), this.writable(this.feed.state), this.log.tail());
  }

  /** Wait until the wire has been quiet for the settle window (no redraw in flight); the baseline screen. */
  private async settled(key: Key, deadline: Deadline): Promise<Lcd> {
    this.assertOpen();
    try {
      return await this.waits.wait(() => true, deadline.remaining, this.settleMs);
    } catch (err) {
      if (!(err instanceof WaitTimeout)) throw err;
      throw new ConsoleTimeoutError(this.name, `a quiet line before sending ${this.secretActive ? maskKey(key) : key}`, this.writable(this.feed.state), deadline.elapsed, this.log.tail());
    }
  }

  private send(key: Key): void {
    this.assertOpen();
    const bytes = encodeKey(key);
    const secret = this.secretActive;
    const at = this.link.write(bytes);
    if (this.confirmed) this.overhead.add(at - this.link.lastRxAt);
    this.confirmed = false;
    this.lastKeyAt = performance.now();
    this.log.add({ kind: "key", key: secret ? maskKey(key) : key });
    this.transcript?.input(secret ? maskInput(key, bytes.toString("latin1")) : bytes.toString("latin1"), at);
  }

  private lost(key: Key, expect: Expect, before: Lcd, deadline: Deadline): LostKeyError {
    const awaited = expect === "change" ? "a screen change" : "the expected screen state";
    const shown = this.secretActive || isSecretScreen(before, this.options.profile) ? maskKey(key) : key;
    return new LostKeyError(this.name, shown, awaited, this.writable(before), this.writable(this.feed.state), deadline.elapsed, this.log.tail());
  }

  /** An LCD as it may appear in messages: masked while a secret is on screen. */
  private writable(lcd: Lcd): Lcd {
    return this.feed.secret || isSecretScreen(lcd, this.options.profile) ? maskLcd(lcd) : lcd;
  }

  private assertOpen(): void {
    if (this.failed) throw this.failed;
  }
}

/** How many received bytes recentBytes() keeps. */
const RECENT_BYTES = 256;

/** Turn a waitFor target into a condition and a description of what is awaited. */
function toCondition(target: Awaited): [(lcd: Lcd) => boolean, string] {
  if (typeof target === "function") return [target, target.name ? `predicate ${target.name}` : "a predicate on the LCD"];
  if (typeof target === "string") return [(l) => l.text.includes(target), `LCD text containing ${JSON.stringify(target)}`];
  if (target instanceof RegExp) return [(l) => target.test(l.text), `LCD text matching ${String(target)}`];
  const msg = normaliseMessage(target.text);
  return [(l) => l.text === msg, `the message ${JSON.stringify(msg)}`];
}
