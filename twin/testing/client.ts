// A plain scripted console client for the twin's tests: opens the PTY with serialport, keeps a VT100
// screen with @xterm/headless, sends keys one at a time and waits for screen bytes (never a fixed sleep).
import xterm from "@xterm/headless";
import { SerialPort } from "serialport";
import { Deadline, pollUntil } from "../../netns/util/deadline.ts";

/** Keys as the remote console sends them. */
export const KEYS = { enter: "\r", up: "\x1b[A", down: "\x1b[B", right: "\x1b[C", left: "\x1b[D" } as const;
export type KeyName = keyof typeof KEYS;

/** What the client reads from the screen (rows per the console contract, 1-based in the contract). */
export interface Screen {
  readonly rows: readonly string[];
  readonly lcd: readonly [string, string];
  readonly nav: string;
  readonly leds: string;
  readonly mac: string;
  readonly cursor: { readonly visible: boolean; readonly row: number; readonly col: number };
}

/** A console session on the twin's PTY. */
export class ConsoleClient {
  private readonly term: InstanceType<typeof xterm.Terminal>;
  private cursorVisible = true;
  private bytes = 0;
  private pending = Promise.resolve();
  readonly log: string[] = [];
  /** Every distinct LCD text seen, in order (both lines trimmed, joined by a space). */
  readonly history: string[] = [];

  private constructor(private readonly port: SerialPort) {
    this.term = new xterm.Terminal({ cols: 80, rows: 24, allowProposedApi: true });
    this.term.parser.registerCsiHandler({ prefix: "?", final: "h" }, (p) => ((p[0] === 25 && (this.cursorVisible = true)), false));
    this.term.parser.registerCsiHandler({ prefix: "?", final: "l" }, (p) => ((p[0] === 25 && (this.cursorVisible = false)), false));
    port.on("data", (d: Buffer) => {
      this.bytes += d.length;
      // Each screen update starts with CSI ?25l: parse update by update so the history misses none.
      const pieces = d.toString("latin1").split(/(?=\x1b\[\?25l)/);
      for (const piece of pieces) {
        this.pending = this.pending.then(() => new Promise<void>((r) => this.term.write(Buffer.from(piece, "latin1"), () => (this.record(), r()))));
      }
    });
  }

  /** Open the PTY at `path` (9600 8N2, as the manual's terminal settings). */
  static async open(path: string): Promise<ConsoleClient> {
    const port = new SerialPort({ path, baudRate: 9600, dataBits: 8, stopBits: 2, parity: "none", autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    return new ConsoleClient(port);
  }

  private record(): void {
    const buf = this.term.buffer.active;
    const line = (i: number) => (buf.getLine(i)?.translateToString(false) ?? "").slice(3, 23).trim();
    const text = `${line(3)} ${line(4)}`.trim();
    if (this.history.at(-1) !== text) this.history.push(text);
  }

  /** Bytes received so far. */
  get received(): number {
    return this.bytes;
  }

  /** Send raw bytes (a flood, or a typed character). */
  async write(data: string): Promise<void> {
    this.log.push(`> ${JSON.stringify(data)}`);
    await new Promise<void>((resolve, reject) => this.port.write(data, (e) => (e ? reject(e) : resolve())));
    await new Promise<void>((resolve) => this.port.drain(() => resolve()));
  }

  /** The screen as parsed so far. */
  async screen(): Promise<Screen> {
    await this.pending;
    const buf = this.term.buffer.active;
    const rows = Array.from({ length: 24 }, (_, i) => buf.getLine(i)?.translateToString(false) ?? "".padEnd(80));
    return {
      rows,
      lcd: [rows[3]!.slice(3, 23), rows[4]!.slice(3, 23)],
      nav: rows[3]!.slice(26, 31),
      leds: rows[7]!.slice(3, 20),
      mac: rows[9]!.slice(3, 24).trim(),
      cursor: { visible: this.cursorVisible, row: buf.cursorY + 1, col: buf.cursorX + 1 },
    };
  }

  /** The two LCD lines, trimmed and joined with " | " (just line 1 when line 2 is blank). */
  async lcd(): Promise<string> {
    const s = await this.screen();
    return [s.lcd[0].trim(), s.lcd[1].trim()].filter(Boolean).join(" | ");
  }

  /** Wait until `probe(screen)` is true. */
  async waitFor(probe: (s: Screen) => boolean, what: string, ms = 10_000): Promise<Screen> {
    let last: Screen | undefined;
    return pollUntil(async () => {
      await new Promise((r) => setTimeout(r, 5));
      last = await this.screen();
      return probe(last) ? last : undefined;
    }, Deadline.in(ms, what), { what, describeLast: () => (last ? `LCD ${JSON.stringify(last.lcd)} nav ${last.nav}` : "nothing"), steps: [5, 10, 20] });
  }

  /** Wait until the LCD (lines joined by " | ", trimmed) matches. */
  waitLcd(expected: string | RegExp, ms = 10_000): Promise<Screen> {
    const ok = (s: Screen) => {
      const text = [s.lcd[0].trim(), s.lcd[1].trim()].filter(Boolean).join(" | ");
      return typeof expected === "string" ? text === expected : expected.test(text);
    };
    return this.waitFor(ok, `LCD ${expected}`, ms);
  }

  /** Send one key and wait until the screen shows something new (paced input: never loses a key). */
  async press(key: KeyName | string, ms = 10_000): Promise<Screen> {
    const snap = (x: Screen) => JSON.stringify([x.lcd, x.nav, x.cursor, x.rows[0]]);
    const before = snap(await this.screen());
    await this.write(key in KEYS ? KEYS[key as KeyName] : key);
    let last: Screen | undefined;
    await pollUntil(
      async () => {
        last = await this.screen();
        return snap(last) !== before ? true : undefined;
      },
      Deadline.in(ms, `screen change after ${JSON.stringify(key)}`),
      { steps: [1, 2, 5, 10], describeLast: () => (last ? `LCD ${JSON.stringify(last.lcd)} nav ${last.nav}` : "nothing") },
    );
    // Let the rest of this screen update arrive: wait until no byte came for a short while.
    let seen = this.bytes;
    await pollUntil(
      async () => {
        await new Promise((r) => setTimeout(r, 20));
        if (this.bytes === seen) return true;
        seen = this.bytes;
        return undefined;
      },
      Deadline.in(ms, `screen settled after ${JSON.stringify(key)}`),
      { steps: [0] },
    );
    return this.screen();
  }

  /** Press several keys, one at a time. */
  async pressAll(keys: readonly (KeyName | string)[]): Promise<Screen> {
    let s = await this.screen();
    for (const k of keys) s = await this.press(k);
    return s;
  }

  /** Close the port. */
  async close(): Promise<void> {
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}
