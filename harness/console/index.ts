// Public API of the console driver (import from here).
export { Console, type Awaited, type Expect, type PressOptions } from "./console.ts";
export { ConsoleClosedError, ConsoleTimeoutError, LinkDeadError, LostKeyError, SerialOpenError, UnexpectedChangeError } from "./errors.ts";
export type { DeadReason, OpenFailure } from "./errors.ts";
export { checkKey, decodeKeys, encodeKey, isNavKey, type Key, type NavKey } from "./keys.ts";
export { describeLcd, lcdKey, normaliseMessage, readLcd, type Lcd, type NavIndicators } from "./lcd.ts";
export { charTimeMs, defineProfile, ScreenProfileSchema, type ScreenProfile } from "./profile.ts";
export { twinProfile } from "./profiles/twin.ts";
export { replayCast, replayCastText, type ReplayResult } from "./replay.ts";
export { Screen, type CellAttrs, type CursorState, type ScreenSnapshot } from "./screen.ts";
export { SerialTransport, serialOptions, type SerialOptions } from "./serial.ts";
export { parseCast, type CastEvent, type CastHeader } from "./transcript.ts";
export type { CallLogEntry } from "./calllog.ts";
export type { ConsoleOpenInput } from "./options.ts";
