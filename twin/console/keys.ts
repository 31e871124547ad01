// The panel's input side: a small receive buffer and a processing time per key. Bytes that arrive while
// the buffer is full are lost, as the manual warns for "keystroke files"; keys sent one at a time never are.

/** A key of the panel or the remote console keyboard. */
export type Key =
  | { readonly kind: "enter" }
  | { readonly kind: "up" }
  | { readonly kind: "down" }
  | { readonly kind: "left" }
  | { readonly kind: "right" }
  | { readonly kind: "char"; readonly char: string };

/** Input timing of the panel. */
export interface InputTiming {
  /** Receive buffer size in bytes. */
  readonly bufferBytes: number;
  /** Time the firmware spends on one key before it reads the next, in ms. */
  readonly keyMs: number;
}

/** Receive buffer of 8 bytes; 12 ms per key at time scale 1 (faster than one key's screen update on the wire). */
export const DEFAULT_TIMING: InputTiming = Object.freeze({ bufferBytes: 8, keyMs: 12 });

/** Buffers raw console bytes, parses them into keys and hands them to `onKey` one at a time, paced. */
export class KeyInput {
  private buffer: number[] = [];
  private busy = false;
  private lost = 0;
  private lastWasCr = false;

  constructor(
    private readonly timing: InputTiming,
    private readonly onKey: (key: Key) => void,
  ) {}

  /** Bytes lost to a full buffer since start. */
  get lostBytes(): number {
    return this.lost;
  }

  /** Bytes from the line. */
  receive(data: Uint8Array): void {
    for (const byte of data) {
      if (this.buffer.length >= this.timing.bufferBytes) this.lost++;
      else this.buffer.push(byte);
    }
    this.next();
  }

  /** Forget buffered input (power off). */
  clear(): void {
    this.buffer = [];
  }

  private next(): void {
    if (this.busy) return;
    const key = this.parse();
    if (!key) return;
    this.busy = true;
    this.onKey(key);
    setTimeout(() => {
      this.busy = false;
      this.next();
    }, this.timing.keyMs);
  }

  /** Take one key off the buffer; undefined when the buffer holds no complete key yet. */
  private parse(): Key | undefined {
    while (this.buffer.length) {
      const b = this.buffer[0]!;
      if (b === 0x1b) {
        if (this.buffer.length < 2) return undefined;
        if (this.buffer[1] !== 0x5b && this.buffer[1] !== 0x4f) {
          this.buffer.shift();
          continue;
        }
        if (this.buffer.length < 3) return undefined;
        const c = this.buffer[2]!;
        this.buffer.splice(0, 3);
        const arrow = ({ 0x41: "up", 0x42: "down", 0x43: "right", 0x44: "left" } as const)[c as 0x41];
        if (arrow) return { kind: arrow };
        continue;
      }
      this.buffer.shift();
      const wasCr = this.lastWasCr;
      this.lastWasCr = b === 0x0d;
      if (b === 0x0d) return { kind: "enter" };
      if (b === 0x0a) {
        if (wasCr) continue;
        return { kind: "enter" };
      }
      if (b >= 0x20 && b <= 0x7e) return { kind: "char", char: String.fromCharCode(b) };
    }
    return undefined;
  }
}
