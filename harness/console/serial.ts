// Serial transport: serialport at 9600 8N2 (configurable) on a tty or PTY, with typed open and dead-link errors.
import { validate } from "../../netns/util/validate.ts";
import { stat } from "node:fs/promises";
import { SerialPort } from "serialport";
import { z } from "zod";
import { LinkDeadError, SerialOpenError, type OpenFailure } from "./errors.ts";

/** Line settings and dead-link detection; defaults are the appliance's 9600 8N2, no flow control. */
export const SerialOptionsSchema = z
  .object({
    baudRate: z.number().int().positive().default(9600),
    dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
    parity: z.enum(["none", "even", "odd", "mark", "space"]).default("none"),
    stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(2),
    /** No bytes for longer than this means the link is dead; null (default) turns the check off. */
    quietMs: z.number().positive().nullable().default(null),
    /** How often to check that the port still exists (a hung-up PTY may read as endless EOF), ms; null: never. */
    watchMs: z.number().positive().nullable().default(200),
  })
  .strict();

/** Validated, frozen serial options. */
export type SerialOptions = Readonly<z.infer<typeof SerialOptionsSchema>>;

/** Validate serial options once; the message names the option, what was expected and what was got. */
export function serialOptions(input: unknown = {}): SerialOptions {
  return validate(SerialOptionsSchema, input ?? {}, "serial options");
}

/** Classify serialport's open error text (it carries no errno) into a typed reason. */
export function classifyOpenError(message: string): OpenFailure {
  if (/No such file or directory|ENOENT/i.test(message)) return "missing";
  if (/Cannot lock port|Resource temporarily unavailable|EBUSY|EAGAIN/i.test(message)) return "busy";
  if (/Permission denied|EACCES|EPERM/i.test(message)) return "permission";
  return "other";
}

/** An open serial line: bytes in (with arrival time), bytes out, and one dead-link signal. */
export class SerialTransport {
  private dataListeners: ((chunk: Buffer, at: number) => void)[] = [];
  private deadListeners: ((err: LinkDeadError) => void)[] = [];
  private quietTimer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private closing = false;
  /** Set once the link has died; later writes throw it. */
  dead: LinkDeadError | null = null;
  /** performance.now() of the last byte received (or of the open). */
  lastRxAt = performance.now();

  private constructor(readonly path: string, readonly options: SerialOptions, private readonly port: SerialPort) {
    port.on("data", (chunk: Buffer) => this.received(chunk));
    port.on("error", (err: Error) => this.die("read-error", err.message, err));
    port.on("close", (err: (Error & { disconnected?: boolean }) | null) => {
      if (!this.closing) this.die("closed", err?.message ?? "closed by the other end", err ?? undefined);
    });
    this.armQuiet();
    if (options.watchMs !== null) {
      this.watchTimer = setInterval(() => void this.watch(), options.watchMs);
      this.watchTimer.unref();
    }
  }

  /** Open `path` with an exclusive lock; throws SerialOpenError (missing / busy / permission / other). */
  static open(path: string, options: unknown = {}): Promise<SerialTransport> {
    const opts = serialOptions(options);
    const port = new SerialPort({
      path,
      baudRate: opts.baudRate,
      dataBits: opts.dataBits,
      parity: opts.parity,
      stopBits: opts.stopBits,
      rtscts: false,
      xon: false,
      xoff: false,
      lock: true,
      autoOpen: false,
    });
    return new Promise((resolve, reject) =>
      port.open((err) =>
        err ? reject(new SerialOpenError(path, classifyOpenError(err.message), { cause: err })) : resolve(new SerialTransport(path, opts, port)),
      ),
    );
  }

  /** Call `fn` for every chunk received, with its arrival time (performance.now()). */
  onData(fn: (chunk: Buffer, at: number) => void): void {
    this.dataListeners.push(fn);
  }

  /** Call `fn` once when the link dies. */
  onDead(fn: (err: LinkDeadError) => void): void {
    this.deadListeners.push(fn);
  }

  /** Send bytes; returns the time they were handed to the OS. Throws the LinkDeadError once dead. */
  write(bytes: Uint8Array): number {
    if (this.dead) throw this.dead;
    const at = performance.now();
    this.port.write(Buffer.from(bytes));
    return at;
  }

  /** Wait until everything written has left the OS buffer. */
  drain(): Promise<void> {
    return new Promise((resolve, reject) => this.port.drain((err) => (err ? reject(err) : resolve())));
  }

  /** Close the port and release its lock (idempotent). */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.quietTimer);
    clearInterval(this.watchTimer);
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }

  private received(chunk: Buffer): void {
    this.lastRxAt = performance.now();
    this.armQuiet();
    for (const fn of this.dataListeners) fn(chunk, this.lastRxAt);
  }

  private armQuiet(): void {
    const quiet = this.options.quietMs;
    if (quiet === null || this.closing || this.dead) return;
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.die("quiet", `${quiet} ms (the device's known quiet time)`), quiet);
    this.quietTimer.unref();
  }

  private async watch(): Promise<void> {
    try {
      await stat(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") this.die("closed", "the port disappeared: the PTY's other end or the adapter is gone");
    }
  }

  private die(reason: "closed" | "read-error" | "quiet", detail: string, cause?: Error): void {
    if (this.dead || this.closing) return;
    clearTimeout(this.quietTimer);
    clearInterval(this.watchTimer);
    this.dead = new LinkDeadError(this.path, reason, detail, cause ? { cause } : undefined);
    if (reason !== "quiet") void this.close(); // stop reading a hung-up line (it can spin on EOF)
    for (const fn of this.deadListeners) fn(this.dead);
  }
}
