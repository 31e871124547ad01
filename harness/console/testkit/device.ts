// A tiny scripted device for tests: draws the twin screen contract, moves a menu, echoes a field.
import { SerialPort } from "serialport";
import { decodeKeys, type Key } from "../keys.ts";

/** How the tiny device misbehaves or paces itself. */
export interface DeviceOptions {
  items?: string[];
  /** Draw nothing until the first ENTER (as the appliance on a fresh connection). */
  asleep?: boolean;
  /** 0-based indices of received keys to drop (lost characters). */
  dropKeys?: number[];
  /** Delay before answering a key, ms. */
  delayMs?: number;
  /** Split each redraw into this many writes, `gapMs` apart. */
  chunks?: number;
  gapMs?: number;
  mac?: string;
}

/** A key as the device saw it: when it arrived and whether a redraw was still in flight. */
export interface SeenKey {
  key: Key;
  at: number;
  whileBusy: boolean;
}

/** The device side of a PTY pair. */
export class TinyDevice {
  readonly seen: SeenKey[] = [];
  /** performance.now() when the last byte of each redraw was written. */
  readonly redrawDone: number[] = [];
  index = 0;
  field: { name: string; value: string[]; pos: number } | null = null;
  private busy = false;
  private rx = "";
  private queue: Promise<void> = Promise.resolve();
  private awake: boolean;

  private constructor(private readonly port: SerialPort, private readonly o: Required<DeviceOptions>) {
    this.awake = !o.asleep;
    port.on("data", (d: Buffer) => this.input(d.toString("latin1")));
    port.on("error", () => undefined);
  }

  /** Open the peer end and (unless asleep) draw the first screen. */
  static async attach(path: string, options: DeviceOptions = {}): Promise<TinyDevice> {
    const port = new SerialPort({ path, baudRate: 9600, lock: false, autoOpen: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    const o: Required<DeviceOptions> = {
      items: ["SETUP NETWORK", "EDIT NAME", "PROXY PASSW", "EXIT THIS MENU"],
      asleep: false, dropKeys: [], delayMs: 0, chunks: 1, gapMs: 0, mac: "00:50:56:AB:CD:EF",
      ...options,
    };
    const dev = new TinyDevice(port, o);
    if (dev.awake) await dev.draw(true);
    return dev;
  }

  /** Write raw bytes to the console (for parser tests). */
  send(data: string): Promise<void> {
    return new Promise((res, rej) => this.port.write(Buffer.from(data, "latin1"), (e) => (e ? rej(e) : this.port.drain(() => res()))));
  }

  /** Close the peer end. */
  close(): Promise<void> {
    return new Promise((res) => (this.port.isOpen ? this.port.close(() => res()) : res()));
  }

  private input(data: string): void {
    this.rx += data;
    const cut = this.rx.lastIndexOf("\x1b");
    const partial = cut >= 0 && this.rx.length - cut < 3 ? this.rx.slice(cut) : "";
    const whole = partial ? this.rx.slice(0, cut) : this.rx;
    this.rx = partial;
    for (const key of decodeKeys(whole)) {
      const n = this.seen.push({ key, at: performance.now(), whileBusy: this.busy }) - 1;
      if (this.busy || this.o.dropKeys.includes(n)) continue; // a key during a redraw is lost, as on hardware
      this.busy = true;
      this.queue = this.queue.then(() => this.handle(key)).finally(() => (this.busy = false));
    }
  }

  private async handle(key: Key): Promise<void> {
    if (this.o.delayMs) await pause(this.o.delayMs);
    if (!this.awake) {
      if (key !== "ENTER") return;
      this.awake = true;
      return this.draw(true);
    }
    const f = this.field;
    if (f) {
      if (key === "ENTER") this.field = null;
      else if (key === "LEFT") f.pos = Math.max(0, f.pos - 1);
      else if (key === "RIGHT") f.pos = Math.min(19, f.pos + 1);
      else if (key.length === 1) {
        f.value[f.pos] = key;
        f.pos = Math.min(19, f.pos + 1);
      } else return;
    } else if (key === "UP" && this.index > 0) this.index--;
    else if (key === "DOWN" && this.index < this.o.items.length - 1) this.index++;
    else if (key === "ENTER" && /EDIT|PASSW/.test(this.o.items[this.index]!)) {
      this.field = { name: this.o.items[this.index]!, value: Array(20).fill(" "), pos: 0 };
    } else return; // key not available here: no redraw
    await this.draw(false);
  }

  /** Render the screen contract: title, LCD box, indicators, LEDs, MAC, cursor. */
  private async draw(full: boolean): Promise<void> {
    const at = (r: number, c: number) => `\x1b[${r};${c}H`;
    const f = this.field;
    const l1 = (f ? f.name : this.o.items[this.index]!).padEnd(20).slice(0, 20);
    const l2 = (f ? f.value.join("") : "").padEnd(20);
    const nav = f ? "E<>^v" : `E.>${this.index > 0 ? "^" : "."}${this.index < this.o.items.length - 1 ? "v" : "."}`;
    let out = "\x1b[?25l";
    if (full) out += `\x1b[2J${at(1, 1)}\x1b[7m Scanner Appliance \x1b[0m${at(3, 3)}+${"-".repeat(20)}+${at(6, 3)}+${"-".repeat(20)}+`;
    out += `${at(4, 3)}|${l1}|${at(5, 3)}|${l2}|${at(4, 27)}${nav}`;
    out += `${at(8, 4)}\x1b[KS1[*] S2[${f ? "*" : " "}] S3[ ]${at(10, 4)}MAC ${this.o.mac}`;
    out += f ? `${at(5, 4 + f.pos)}\x1b[?25h` : "";
    const n = this.o.chunks;
    const size = Math.ceil(out.length / n);
    for (let i = 0; i < n; i++) {
      if (i > 0 && this.o.gapMs) await pause(this.o.gapMs);
      await this.send(out.slice(i * size, (i + 1) * size));
    }
    this.redrawDone.push(performance.now());
  }
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
