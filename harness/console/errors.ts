// Typed errors of the console driver; every user-facing message is built here.
import { describeLcd, type Lcd } from "./lcd.ts";
import type { CallLogEntry } from "./calllog.ts";
import { formatCallLog } from "./calllog.ts";

/** Why a serial port could not be opened. */
export type OpenFailure = "missing" | "busy" | "permission" | "other";

/** The port could not be opened; `reason` says why. */
export class SerialOpenError extends Error {
  override readonly name = "SerialOpenError";
  constructor(readonly path: string, readonly reason: OpenFailure, options?: ErrorOptions) {
    super(openMessage(path, reason, options?.cause), options);
  }
}

function openMessage(path: string, reason: OpenFailure, cause: unknown): string {
  const detail = cause instanceof Error ? cause.message : String(cause);
  switch (reason) {
    case "missing":
      return `Serial port ${path} does not exist (is the cable or the twin's PTY attached?)`;
    case "busy":
      return `Serial port ${path} is busy: another process holds its lock (another console or test is attached)`;
    case "permission":
      return `Permission denied opening serial port ${path} (need read/write access, e.g. the dialout group)`;
    default:
      return `Cannot open serial port ${path}: ${detail}`;
  }
}

/** Why the link is considered dead. */
export type DeadReason = "closed" | "read-error" | "quiet";

/** The other end of the line is gone, or silent for longer than the device's known quiet time. */
export class LinkDeadError extends Error {
  override readonly name = "LinkDeadError";
  constructor(readonly path: string, readonly reason: DeadReason, readonly detail: string, options?: ErrorOptions) {
    super(
      reason === "quiet"
        ? `Console link ${path} is dead: no bytes for ${detail}`
        : `Console link ${path} is dead: ${reason === "closed" ? "port closed" : "read error"} (${detail})`,
      options,
    );
  }
}

/** A key's effect did not appear on the screen in time. */
export class LostKeyError extends Error {
  override readonly name = "LostKeyError";
  constructor(
    readonly device: string,
    readonly key: string,
    readonly awaited: string,
    readonly before: Lcd,
    readonly after: Lcd,
    readonly waitedMs: number,
    readonly log: readonly CallLogEntry[],
  ) {
    super(
      `${device}: key ${key} had no effect within ${Math.round(waitedMs)} ms (awaited ${awaited})${unavailable(key, before)}\n` +
        `  before: ${describeLcd(before)}\n  after:  ${describeLcd(after)}\n${formatCallLog(log)}`,
    );
  }
}

const NAV_FIELD: Readonly<Record<string, keyof Lcd["nav"]>> = { ENTER: "enter", LEFT: "left", RIGHT: "right", UP: "up", DOWN: "down" };

/** A hint when the screen's indicators said the key was not available (a likely cause). */
function unavailable(key: string, before: Lcd): string {
  const field = NAV_FIELD[key];
  return field && !before.blank && !before.nav[field] ? `; the indicators showed ${key} as not available on that screen` : "";
}

/** The screen changed although the key was expected to change nothing. */
export class UnexpectedChangeError extends Error {
  override readonly name = "UnexpectedChangeError";
  constructor(readonly device: string, readonly key: string, readonly before: Lcd, readonly after: Lcd, readonly log: readonly CallLogEntry[]) {
    super(
      `${device}: key ${key} was expected to change nothing, but the screen changed\n` +
        `  before: ${describeLcd(before)}\n  after:  ${describeLcd(after)}\n${formatCallLog(log)}`,
    );
  }
}

/** waitFor ran out of time. */
export class ConsoleTimeoutError extends Error {
  override readonly name = "ConsoleTimeoutError";
  constructor(readonly device: string, readonly awaited: string, readonly last: Lcd, readonly waitedMs: number, readonly log: readonly CallLogEntry[]) {
    super(`${device}: timed out after ${Math.round(waitedMs)} ms waiting for ${awaited}\n  last LCD: ${describeLcd(last)}\n${formatCallLog(log)}`);
  }
}

/** A console operation was refused because an earlier one failed for good (the remembered cause). */
export class ConsoleClosedError extends Error {
  override readonly name = "ConsoleClosedError";
  constructor(readonly device: string, options?: ErrorOptions) {
    super(`${device}: console is closed`, options);
  }
}
