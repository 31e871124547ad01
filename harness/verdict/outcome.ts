// The typed outcomes of a failed scenario, each with the call log and the last screens, each message built here.
// Only a Deviation counts against the firmware; the others say why the run could not judge it (inconclusive).
import { formatCallLog, type CallLogEntry } from "../console/calllog.ts";
import type { Section } from "../../fixtures/manual/index.ts";
import { chapterOf, isManualScreen, nearestScreen, placeName, placeOf, type ManualPlace } from "./place.ts";

/** The kinds, as the allure label `outcome` and the certification record name them. */
export type OutcomeKind = "deviation" | "line-fault" | "lab-fault" | "unresponsive" | "setup-error";
export const OUTCOME_KINDS: readonly OutcomeKind[] = ["deviation", "line-fault", "lab-fault", "unresponsive", "setup-error"];

/** What the console showed before the failure: the call log (keys sent, screens seen) and the last screens. */
export interface Evidence {
  readonly callLog: readonly CallLogEntry[];
  readonly screens: readonly string[];
}
export const NO_EVIDENCE: Evidence = { callLog: [], screens: [] };

/** The last `n` distinct screens of a call log, oldest first. */
export function lastScreens(log: readonly CallLogEntry[], n = 5): string[] {
  return log.flatMap((e) => (e.kind === "screen" ? [e.screen] : [])).slice(-n);
}

function evidenceText(e: Evidence): string {
  const screens = e.screens.length ? `  last screens:\n${e.screens.map((s) => `    ${s}`).join("\n")}` : "  last screens: (none seen)";
  return `${screens}\n${formatCallLog(e.callLog)}`;
}

/** A failed scenario's outcome: `headline` is the line the certification summary shows. */
export abstract class Outcome extends Error {
  abstract readonly kind: OutcomeKind;
  constructor(readonly headline: string, readonly details: readonly string[], readonly evidence: Evidence, options?: ErrorOptions) {
    const seen = evidence.callLog.length || evidence.screens.length ? [evidenceText(evidence)] : [];
    // The error it was judged from, in its own words, when the headline does not already say them.
    const cause = options?.cause instanceof Error && !(options.cause instanceof Outcome) ? options.cause.message.split("\n")[0]! : "";
    const said = cause && !headline.includes(cause) && !details.some((d) => d.includes(cause)) ? [`from: ${cause}`] : [];
    super([headline, ...details.map((d) => `  ${d}`), ...said.map((d) => `  ${d}`), ...seen].join("\n"), options);
  }
  /** True only for a Deviation: the firmware did other than the manual says. */
  get againstFirmware(): boolean {
    return this.kind === "deviation";
  }
}

/** What a Deviation compares: the step, what the manual expects and what was shown. `expectedText`/`shownText` are
 *  screen texts when the comparison was of screens (then the message names the manual's screens). */
export interface Comparison {
  readonly device: string;
  readonly step: string;
  readonly expected: string;
  readonly shown: string;
  readonly expectedText?: string;
  readonly shownText?: string;
  /** The manual's words the expectation comes from, when they are not a screen text (e.g. the MAC line). */
  readonly manual?: { readonly section: Section; readonly quote: string };
  /** What a polling comparison read, in order ("0.120s 'CONTACTING QUALYS'"). */
  readonly readings?: readonly string[];
}

const q = (t: string) => `'${t}'`;
const where = (p: ManualPlace | null) => (p ? ` (${placeName(p)})` : "");

/** The appliance did other than the manual says: expected versus shown, with the manual's words and section. */
export class Deviation extends Outcome {
  readonly kind = "deviation" as const;
  readonly place: ManualPlace | null;
  constructor(readonly comparison: Comparison, evidence: Evidence, options?: ErrorOptions) {
    const { device, step, expected, shown, expectedText, shownText } = comparison;
    const given = comparison.manual ? { chapter: chapterOf(comparison.manual.section), section: comparison.manual.section, quote: comparison.manual.quote } : null;
    const place = given ?? placeOf(expectedText ?? "") ?? (shownText && !expectedText && !isManualScreen(shownText) ? placeOf(nearestScreen(shownText)) : null);
    let what: string;
    if (shownText !== undefined && !isManualScreen(shownText)) {
      const near = expectedText ?? nearestScreen(shownText);
      const nearPlace = placeOf(near);
      what = expectedText
        ? `shown ${q(shownText)}, which is no screen of the manual; expected ${q(near)}${where(nearPlace)}`
        : `shown ${q(shownText)}, which is no screen of the manual; expected ${expected}; the manual's nearest screen is ${q(near)}${where(nearPlace)}`;
    } else if (shownText !== undefined && expectedText !== undefined) {
      what = `shown ${q(shownText)}${where(placeOf(shownText))}; expected ${q(expectedText)}${where(placeOf(expectedText))}`;
    } else {
      what = `expected ${expectedText !== undefined ? q(expectedText) : expected}${where(place)}, shown ${shownText !== undefined ? q(shownText) : shown}`;
    }
    const details = [...(place ? [`the manual (${placeName(place)}): "${place.quote}"`] : []), ...(comparison.readings?.length ? [`readings until the deadline (${comparison.readings.length}):`, ...comparison.readings.map((r) => `  ${r}`)] : [])];
    super(`DEVIATION from the manual on ${device} at ${step}: ${what}`, details, evidence, options);
    this.place = place;
  }
}

/** The console line lost or garbled what the appliance sent (or a key never arrived): not the firmware's doing. */
export class LineFault extends Outcome {
  readonly kind = "line-fault" as const;
  constructor(readonly device: string, readonly what: string, readonly bytes: string | null, evidence: Evidence, options?: ErrorOptions) {
    super(`LINE FAULT on ${device}'s console (not the firmware): ${what}`, bytes === null ? [] : [`bytes: ${bytes}`], evidence, options);
  }
}

/** The lab could not produce the condition the scenario needs (a service failed, a fault was not applied). */
export class LabFault extends Outcome {
  readonly kind = "lab-fault" as const;
  constructor(readonly what: string, readonly detail: string, evidence: Evidence, options?: ErrorOptions) {
    super(`LAB FAULT (not the firmware): ${what}: ${detail}`, [], evidence, options);
  }
}

/** The appliance stopped answering: no output within its timings. */
export class Unresponsive extends Outcome {
  readonly kind = "unresponsive" as const;
  constructor(readonly device: string, readonly awaited: string, readonly silentMs: number, evidence: Evidence, options?: ErrorOptions) {
    super(`UNRESPONSIVE: ${device} stopped answering: no output for ${(silentMs / 1000).toFixed(1)} s while awaiting ${awaited}`, [], evidence, options);
  }
}

/** The rig or inventory is wrong (HIL_DUT, the inventory, the tty): found before any scenario when it can be. */
export class SetupError extends Outcome {
  readonly kind = "setup-error" as const;
  constructor(readonly detail: string, evidence: Evidence = NO_EVIDENCE, options?: ErrorOptions) {
    super(`SETUP ERROR (the rig, not the firmware): ${detail}`, [], evidence, options);
  }
}

/** "LAN DNS server not reachable" from `"LAN DNS server not reachable"` or `error "…"` (how older messages quote
 *  screens); undefined when `value` names no single screen text. */
export function screenTextIn(value: string): string | undefined {
  if (value.trim().startsWith("{")) {
    // A state as the checks print it (JSON of the parsed screen): its text, or a menu's item.
    try {
      const state = JSON.parse(value) as { text?: unknown; item?: unknown };
      const text = typeof state.text === "string" ? state.text : typeof state.item === "string" ? state.item : undefined;
      return text;
    } catch {
      return undefined;
    }
  }
  const m = /^(?:error |message |unknown screen |booting )?"((?:[^"\\]|\\.)*)"$/.exec(value.trim());
  if (!m) return undefined;
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return m[1];
  }
}
