// The one boundary where a scenario's error becomes a typed outcome: what the error says (its class, never its
// words) and what the console saw (silence, the screen, a lost key re-sent) decide which.
import { ConsoleClosedError, ConsoleTimeoutError, LinkDeadError, LostKeyError, SerialOpenError, UnexpectedChangeError } from "../console/errors.ts";
import { DutError } from "../dut/errors.ts";
import { DeviationError, StrategyError } from "../ui/errors.ts";
import { ServiceError } from "../../netns/services/errors.ts";
import { CommandError } from "../../netns/util/sh.ts";
import { NicMoveError } from "../../netns/lab/nics.ts";
import { UpstreamError } from "../../netns/lab/upstream.ts";
import { TopologyError } from "../../netns/topology/errors.ts";
import { NoCableError } from "../../netns/lab/cable-end.ts";
import { DeadlineError } from "../../netns/util/deadline.ts";
import { isLossOf, isManualScreen, nearestScreen } from "./place.ts";
import { Deviation, LabFault, LineFault, NO_EVIDENCE, Outcome, SetupError, Unresponsive, screenTextIn, type Evidence } from "./outcome.ts";

/** What the boundary can still ask of the console after the failure (none: a failure before the console opened). */
export interface Observed {
  readonly device: string;
  evidence(): Evidence;
  /** The LCD text now. */
  lcdText(): string;
  /** The screen before the one shown now, as the call log has it (what may linger in cells a lost byte left). */
  previousScreen(): string;
  /** ms since the last byte from the appliance. */
  silentMs(): number;
  /** The last bytes received. */
  recentBytes(): Buffer;
  /** Send `key` again and say whether the screen answered within the appliance's key time. */
  resend(key: string): Promise<boolean>;
  /** Send a key the manual makes harmless on the screen shown (ENTER on the home screen, DOWN in a menu, ...) and say
   *  whether the screen answered; null when the screen has no such key (a message, a dark screen). */
  probe(): Promise<boolean | null>;
}

/** Every error in a cause chain (AggregateError's errors included), outermost first. */
export function chainOf(error: unknown, depth = 0): unknown[] {
  if (error === undefined || error === null || depth > 10) return [];
  const inner = error instanceof AggregateError ? error.errors.flatMap((e) => chainOf(e, depth + 1)) : [];
  return [error, ...inner, ...chainOf((error as { cause?: unknown }).cause, depth + 1)];
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message.split("\n")[0]! : String(e));
/** Bytes as a reader can see them: printable ASCII kept, the rest as \xNN (ESC as \e). */
export function showBytes(b: Buffer): string {
  return [...b].map((c) => (c === 0x1b ? "\\e" : c >= 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, "0")}`)).join("");
}

/** A screen text that lost bytes on the line: the manual's text it comes from, or null. Lost bytes leave the manual's
 *  text with characters missing, and in their place only what was on the screen before (`residue`: cells a lost
 *  cursor move or erase left) or blanks; a changed word brings characters of its own, and stays a deviation. */
function lossOf(shown: string, expected: string | undefined, residue: string): string | null {
  if (!shown || isManualScreen(shown)) return null;
  for (const full of expected ? [expected, nearestScreen(shown)] : [nearestScreen(shown)]) {
    if (isLossOf(shown, full)) return full;
    const added = insertedChars(shown, full);
    if (added !== null && added.length < shown.length / 3 && [...added].every((c) => c === " " || residue.includes(c))) return full;
  }
  return null;
}

/** The characters of `shown` outside its longest common subsequence with `full` (null when `shown` keeps less than two
 *  thirds of `full`: too little of it to be that text). */
export function insertedChars(shown: string, full: string): string | null {
  const a = shown;
  const b = full;
  const L = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) L[i]![j] = a[i] === b[j] ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  if (L[0]![0]! < (2 * b.length) / 3 || L[0]![0]! === b.length) return null;
  let added = "";
  for (let i = 0, j = 0; i < a.length; ) {
    if (j < b.length && a[i] === b[j]) (i++, j++);
    else if (j < b.length && L[i]![j + 1]! >= L[i + 1]![j]!) j++;
    else added += a[i++];
  }
  return added;
}

/** What no manual screen holds and a garbled line makes: control bytes, replacement characters, or the rest of a
 *  VT100 control sequence whose ESC was lost, drawn as text ("[5;", "[?25l", ";4H": no manual text has a ';'). */
const GARBLED = /[\u0000-\u001f\u007f-\u009f\ufffd;]|\[[\d?]/;

/** The screen texts of the call log, in order (one per distinct screen seen). */
function screenTexts(seen: Observed): string[] {
  return seen.evidence().callLog.flatMap((e) => {
    if (e.kind !== "screen") return [];
    const m = /^\[(.*)\|(.*)\] nav=/.exec(e.screen);
    return m ? [`${m[1]!.trim()} ${m[2]!.trim()}`.trim()] : [];
  });
}

/** True when `text` was drawn identically more than once: a line losing bytes at random does not repeat itself, a
 *  firmware's own misspelling does (so it stays a deviation). */
function repeated(seen: Observed, text: string): boolean {
  return screenTexts(seen).filter((t) => t === text.trim()).length > 1;
}

/** An earlier screen of the call log that is a manual text with characters lost: the line was losing bytes. */
function earlierLoss(seen: Observed): { shown: string; full: string } | null {
  for (const text of screenTexts(seen)) {
    const full = text && !isManualScreen(text) ? nearestScreen(text) : "";
    if (full && isLossOf(text, full) && !repeated(seen, text)) return { shown: text, full };
  }
  return null;
}

/** An unknown screen on a line that lost bytes before: the line's doing. */
function noisyLine(seen: Observed, shown: string, cause: unknown): LineFault | null {
  const before = earlierLoss(seen);
  if (!before || isManualScreen(shown)) return null;
  return new LineFault(seen.device, `the screen reads '${shown}' on a line that lost bytes before ('${before.shown}' for the manual's '${before.full}')`, showBytes(seen.recentBytes()), seen.evidence(), { cause });
}

function lineFaultOf(seen: Observed, shown: string, full: string, cause: unknown): LineFault | null {
  if (repeated(seen, shown)) return null;
  return new LineFault(seen.device, `bytes lost on the line: the screen reads '${shown}', which is the manual's '${full}' with characters missing`, showBytes(seen.recentBytes()), seen.evidence(), { cause });
}

/** The outcome of a scenario's `error`, judged with what `seen` (the console, if it was open) shows now. */
export async function classify(error: unknown, seen: Observed | null): Promise<Outcome> {
  const chain = chainOf(error);
  const ev = () => seen?.evidence() ?? NO_EVIDENCE;
  const device = seen?.device ?? "the appliance";
  const found = chain.find((e) => e instanceof Outcome);
  if (found) return found as Outcome;
  // Rig and lab first: a deviation built on a failed lab step or a missing port is no verdict on the firmware.
  for (const e of chain) {
    if (e instanceof DutError || e instanceof SerialOpenError || e instanceof TopologyError || e instanceof NoCableError) return new SetupError(messageOf(e), ev(), { cause: error });
    if (e instanceof ServiceError || e instanceof NicMoveError || e instanceof UpstreamError || e instanceof CommandError) return new LabFault("the lab could not produce the condition", messageOf(e), ev(), { cause: error });
    if (e instanceof LinkDeadError) {
      if (e.reason === "quiet") return new Unresponsive(device, "any output", seen?.silentMs() ?? 0, ev(), { cause: error });
      return new LineFault(device, `the console link is dead: ${e.message}`, seen ? showBytes(seen.recentBytes()) : null, ev(), { cause: error });
    }
  }
  for (const e of chain) {
    if (e instanceof DeviationError) {
      // The driver turns a key without effect into a deviation; whether the key was lost on the line or the appliance
      // stopped answering is asked of the appliance (the key sent again) before it stands as one.
      const lost = chainOf(e.cause).find((c) => c instanceof LostKeyError) as LostKeyError | undefined;
      return lost ? lostKeyOf(lost, seen, error, e) : deviationOf(e, seen, error);
    }
    if (e instanceof LostKeyError) return lostKeyOf(e, seen, error);
    if (e instanceof ConsoleTimeoutError) return timeoutOf(e.awaited, e.last.text, e.waitedMs, seen, error);
    if (e instanceof UnexpectedChangeError) {
      const loss = lossOf(e.after.text, undefined, seen?.previousScreen() ?? "");
      const lf = seen && loss ? lineFaultOf(seen, e.after.text, loss, error) : null;
      if (lf) return lf;
      return new Deviation({ device, step: `key ${e.key}`, expected: "no change of the screen (the manual: the key does nothing here)", shown: e.after.text, shownText: e.after.text }, ev(), { cause: error });
    }
  }
  const deadline = chain.find((e) => e instanceof DeadlineError) as DeadlineError | undefined;
  // A poll no check turned into a comparison waited for the lab (a capture, a lease, a service), not for the firmware.
  if (deadline) return new LabFault("the lab did not reach the state it waited for", messageOf(deadline), ev(), { cause: error });
  const strategy = chain.find((e) => e instanceof StrategyError) as StrategyError | undefined;
  const closed = chain.find((e) => e instanceof ConsoleClosedError);
  if (closed && seen) return new LineFault(device, `the console was closed under the scenario: ${messageOf(closed)}`, showBytes(seen.recentBytes()), ev(), { cause: error });
  return new LabFault(strategy ? "the rig could not bring the appliance to the scenario's start" : "the suite could not complete the scenario", messageOf(error), ev(), { cause: error });
}

/** A DeviationError as a Deviation, unless the screen it read is a manual text with characters lost on the line. */
function deviationOf(e: DeviationError, seen: Observed | null, error: unknown): Outcome {
  // A dark screen on a console that never received a byte: nothing was shown at all, the appliance never answered.
  if (seen && /^(a dark screen|blank|)$/.test(e.shown.trim()) && seen.recentBytes().length === 0) {
    return new Unresponsive(e.device, `${e.expected} (${e.step}): the console received no byte at all`, seen.silentMs(), seen.evidence(), { cause: error });
  }
  const expectedText = screenTextIn(e.expected);
  const shownText = screenTextIn(e.shown);
  const loss = shownText !== undefined ? lossOf(shownText, expectedText, seen?.previousScreen() ?? "") : null;
  const lf = seen && shownText !== undefined && loss ? lineFaultOf(seen, shownText, loss, error) : null;
  if (lf) return lf;
  if (seen && shownText !== undefined && GARBLED.test(shownText)) return new LineFault(seen.device, `garbled characters on the line: the screen reads ${JSON.stringify(shownText)}`, showBytes(seen.recentBytes()), seen.evidence(), { cause: error });
  const noisy = seen && shownText !== undefined ? noisyLine(seen, shownText, error) : null;
  if (noisy) return noisy;
  return new Deviation({ device: e.device, step: e.step, expected: e.expected, shown: e.shown, ...(expectedText !== undefined ? { expectedText } : {}), ...(shownText !== undefined ? { shownText } : {}) }, seen?.evidence() ?? NO_EVIDENCE, { cause: error });
}

/** A key whose effect never came, judged by asking the appliance: the same key sent again and answered means the first
 *  was lost on the line; unanswered, a key the manual makes harmless on that screen tells an appliance that stopped
 *  answering (no answer either) from one that ignores this key (a deviation). */
async function lostKeyOf(e: LostKeyError, seen: Observed | null, error: unknown, asDeviation?: DeviationError): Promise<Outcome> {
  const ignored = () => asDeviation ? deviationOf(asDeviation, seen, error) : new Deviation({ device: e.device, step: `key ${e.key}`, expected: e.awaited, shown: `'${e.after.text}'`, shownText: e.after.text }, seen?.evidence() ?? NO_EVIDENCE, { cause: error });
  if (!seen) return ignored();
  const silent = seen.silentMs();
  if (await seen.resend(e.key).catch(() => false)) {
    return new LineFault(e.device, `key ${e.key}: its echo never came within ${Math.round(e.waitedMs)} ms, and the same key sent again was answered: the first was lost on the line`, showBytes(seen.recentBytes()), seen.evidence(), { cause: error });
  }
  const alive = await seen.probe().catch(() => false);
  if (alive === false || (alive === null && silent >= e.waitedMs)) {
    return new Unresponsive(e.device, `the effect of key ${e.key} (sent again${alive === false ? ", and a harmless key after it" : ""}: no answer)`, Math.max(silent, seen.silentMs()), seen.evidence(), { cause: error });
  }
  return ignored();
}

/** A wait that ran out. Characters lost on the line read as such; a line silent all through the wait is probed with a
 *  harmless key: no answer is an appliance that stopped answering, an answer leaves the screen it showed as the
 *  verdict (an appliance idle on the wrong screen sends nothing either). */
export async function timeoutOf(awaited: string, shown: string, waitedMs: number, seen: Observed | null, error: unknown): Promise<Outcome> {
  const device = seen?.device ?? "the appliance";
  if (!seen) return new Unresponsive(device, awaited, waitedMs, NO_EVIDENCE, { cause: error });
  const loss = lossOf(shown, undefined, seen.previousScreen());
  const lf = loss ? lineFaultOf(seen, shown, loss, error) : null;
  if (lf) return lf;
  if (shown && GARBLED.test(shown)) return new LineFault(device, `garbled characters on the line: the screen reads ${JSON.stringify(shown)}`, showBytes(seen.recentBytes()), seen.evidence(), { cause: error });
  const noisy = shown ? noisyLine(seen, shown, error) : null;
  if (noisy) return noisy;
  const silent = seen.silentMs();
  if (silent >= waitedMs) {
    const answered = await seen.probe().catch(() => false);
    if (answered === false || (answered === null && !isManualScreen(shown))) {
      return new Unresponsive(device, `${awaited}${answered === false ? " (a key sent since got no answer either)" : ""}`, Math.max(silent, seen.silentMs()), seen.evidence(), { cause: error });
    }
  }
  return new Deviation({ device, step: `waiting for ${awaited}`, expected: awaited, shown: shown ? `'${shown}'` : "a dark screen", ...(shown ? { shownText: shown } : {}) }, seen.evidence(), { cause: error });
}
