// Transcripts: every byte both ways with timestamps (asciicast v2) plus a plain-text LCD timeline.
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import { describeLcd, lcdKey, type Lcd } from "./lcd.ts";

/** Where to write and what the screen is. */
export interface TranscriptSpec {
  castPath: string;
  timelinePath: string;
  width: number;
  height: number;
  title: string;
  /** Known secret values, scrubbed from every event as a last line of defence. */
  secrets: readonly string[];
}

/** The asciicast v2 header line. */
export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  timestamp: number;
  title?: string;
}

/** One asciicast event: seconds since start, "o" (device output) or "i" (keys in), data. */
export type CastEvent = [number, "o" | "i", string];

/** Replace every occurrence of each secret value by stars of the same length. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join("*".repeat(s.length));
  return out;
}

/** A transcript being recorded; streams to disk as it goes so evidence survives a crash. */
export class Transcript {
  private readonly cast: WriteStream;
  private readonly timeline: WriteStream;
  private readonly origin = performance.now();
  private lastScreen = "";
  private closed = false;

  constructor(readonly spec: TranscriptSpec) {
    for (const p of [spec.castPath, spec.timelinePath]) mkdirSync(dirname(p), { recursive: true });
    this.cast = createWriteStream(spec.castPath, { mode: 0o640 });
    this.timeline = createWriteStream(spec.timelinePath, { mode: 0o640 });
    const header: CastHeader = {
      version: 2,
      width: spec.width,
      height: spec.height,
      timestamp: Math.floor(Date.now() / 1000),
      title: spec.title,
    };
    this.cast.write(`${JSON.stringify(header)}\n`);
    this.timeline.write(`# LCD timeline of ${spec.title} (one entry per distinct LCD state; seconds since open)\n`);
  }

  /** Seconds since the transcript started, for an event at performance.now() time `at`. */
  private t(at: number): number {
    return Math.max(0, Math.round(at - this.origin) / 1000);
  }

  /** Record bytes the device sent (already masked by the caller when a secret is on screen). */
  output(data: string, at = performance.now()): void {
    this.event([this.t(at), "o", data]);
  }

  /** Record bytes sent to the device (already masked by the caller inside a secret window). */
  input(data: string, at = performance.now()): void {
    this.event([this.t(at), "i", data]);
  }

  /** Add an LCD state to the timeline when it differs from the last one (caller passes a masked LCD). */
  screen(lcd: Lcd, at = performance.now()): void {
    const key = lcdKey(lcd);
    if (key === this.lastScreen || this.closed) return;
    this.lastScreen = key;
    const leds = `S1[${lcd.leds.s1 ? "*" : " "}] S2[${lcd.leds.s2 ? "*" : " "}] S3[${lcd.leds.s3 ? "*" : " "}]`;
    const line = `${this.t(at).toFixed(3).padStart(9)}s ${describeLcd(lcd)} ${leds}${lcd.mac ? ` MAC ${lcd.mac}` : ""}`;
    this.timeline.write(`${scrub(line, this.spec.secrets)}\n`);
  }

  /** Flush and close both files (idempotent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.cast, this.timeline].map((s) => new Promise<void>((resolve) => s.end(() => resolve()))));
  }

  private event(ev: CastEvent): void {
    if (this.closed) return;
    ev[2] = scrub(ev[2], this.spec.secrets);
    this.cast.write(`${JSON.stringify(ev)}\n`);
  }
}

/** Parse an asciicast v2 file's text into header and events; errors name the line. */
export function parseCast(text: string, source = "asciicast"): { header: CastHeader; events: CastEvent[] } {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new TypeError(`${source}: expected an asciicast v2 header line, got an empty file`);
  const json = (line: string, n: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new TypeError(`${source}:${n}: expected one JSON value per line, got ${line.slice(0, 80)}`);
    }
  };
  const header = json(lines[0]!, 1) as CastHeader;
  if (header.version !== 2 || !Number.isInteger(header.width) || !Number.isInteger(header.height)) {
    throw new TypeError(`${source}:1: expected an asciicast v2 header with width and height, got ${lines[0]}`);
  }
  const events = lines.slice(1).map((l, i) => {
    const ev = json(l, i + 2);
    if (!Array.isArray(ev) || typeof ev[0] !== "number" || !["o", "i", "m", "r"].includes(ev[1]) || typeof ev[2] !== "string") {
      throw new TypeError(`${source}:${i + 2}: expected an event [time, "o"|"i", data], got ${l.slice(0, 80)}`);
    }
    return ev as CastEvent;
  });
  return { header, events };
}
