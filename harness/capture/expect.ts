// Traffic matchers: expectSome / expectNone / waitForFrames, failing with what was sought and the nearest frames.
import { Deadline, DeadlineError, pollUntil } from "../../netns/util/deadline.ts";
import type { Capture } from "./capture.ts";
import { CaptureExpectationError } from "./errors.ts";
import type { Frame } from "./frame.ts";
import type { Query } from "./query.ts";
import { summarize } from "./summary.ts";

/** Longest a final, evidence-gathering decode may take after a waitForFrames deadline. */
export const FINAL_LOOK_MS = 30_000;

export interface ExpectOptions {
  /** Minimum number of matching frames (expectSome); default 1. */
  atLeast?: number;
  /** Where the frames came from, for the message (e.g. the pcap path). */
  source?: string;
  /** How many frames the message lists; default 5. */
  show?: number;
}

/** Return the frames matching `query`; throw when fewer than `atLeast` (default 1) match. */
export function expectSome(frames: readonly Frame[], query: Query, options: ExpectOptions = {}): Frame[] {
  const atLeast = options.atLeast ?? 1;
  const matches = query.select(frames);
  if (matches.length >= atLeast) return matches;
  throw new CaptureExpectationError(describeMiss(frames, query, matches.length, options));
}

/** Throw when any frame matches `query`, listing the offenders. */
export function expectNone(frames: readonly Frame[], query: Query, options: ExpectOptions = {}): void {
  const matches = query.select(frames);
  if (matches.length === 0) return;
  const show = options.show ?? 5;
  const lines = [
    `Expected no frame matching: ${query.describe}`,
    `Examined ${frames.length} frame(s)${options.source ? ` of ${options.source}` : ""}, ${matches.length} matched:`,
    ...matches.slice(0, show).map((f) => `  ${summarize(f)}`),
  ];
  if (matches.length > show) lines.push(`  (and ${matches.length - show} more)`);
  throw new CaptureExpectationError(lines.join("\n"));
}

/** The "nearest frames" explanation of a miss: frames meeting the most clauses, with the clauses they missed. */
export function describeMiss(frames: readonly Frame[], query: Query, matched: number, options: ExpectOptions = {}): string {
  const atLeast = options.atLeast ?? 1;
  const show = options.show ?? 5;
  const total = query.clauses.length;
  const lines = [
    `Expected ${atLeast === 1 ? "a frame" : `at least ${atLeast} frames`} matching: ${query.describe}`,
    `Examined ${frames.length} frame(s)${options.source ? ` of ${options.source}` : ""}, ${matched} matched.`,
  ];
  if (frames.length === 0) return [...lines, "The capture holds no frames at all."].join("\n");
  if (matched > 0) {
    lines.push("The matching frames:");
    for (const f of query.select(frames).slice(0, show)) lines.push(`  ${summarize(f)}`);
    if (total === 1) return lines.join("\n");
  }
  const ranked = frames
    .map((f) => ({ f, score: query.score(f) }))
    .filter((r) => r.score > 0 && r.score < total)
    .sort((a, b) => b.score - a.score || a.f.no - b.f.no)
    .slice(0, show);
  if (ranked.length === 0 && matched > 0) return lines.join("\n");
  if (ranked.length === 0) {
    lines.push(`No frame met any of the ${total} condition(s); the first frames were:`);
    for (const f of frames.slice(0, show)) lines.push(`  ${summarize(f)}`);
    return lines.join("\n");
  }
  lines.push(`Nearest frames (conditions met of ${total}; what they missed):`);
  for (const { f, score } of ranked) {
    lines.push(`  ${summarize(f)}  [${score}/${total}; missed: ${query.missed(f).map((c) => c.label).join(", ")}]`);
  }
  return lines.join("\n");
}

/**
 * Poll the capture until `query` matches (at least `atLeast` frames); return the matches or fail with the nearest
 * frames. Each look runs tshark with the time left plus a 2 s grace; if the last look still could not finish,
 * one final look (up to FINAL_LOOK_MS, after the deadline) gathers the evidence for the failure message.
 */
export async function waitForFrames(capture: Capture, query: Query, deadline: Deadline, options: ExpectOptions = {}): Promise<Frame[]> {
  let last: readonly Frame[] = [];
  let decodeError: unknown;
  const atLeast = options.atLeast ?? 1;
  try {
    return await pollUntil(
      async () => {
        try {
          last = await capture.frames({ deadline: Deadline.in(deadline.remaining + 2000, `tshark to decode ${capture.file}`) });
          decodeError = undefined;
        } catch (error) {
          decodeError = error;
          throw error;
        }
        const matches = query.select(last);
        return matches.length >= atLeast ? matches : undefined;
      },
      deadline,
      { what: `frames matching ${query.describe}` },
    );
  } catch (error) {
    if (!(error instanceof DeadlineError)) throw error;
    if (decodeError) {
      // The last look did not finish in time (a loaded host): take one final look, as evidence for the message.
      await capture.frames({ deadline: Deadline.in(FINAL_LOOK_MS, `tshark to decode ${capture.file}`) }).then(
        (frames) => ((last = frames), (decodeError = undefined)),
        (e: unknown) => (decodeError = e),
      );
    }
    const matched = query.select(last).length;
    const why = describeMiss(last, query, matched, { ...options, source: options.source ?? capture.file });
    const failed = decodeError instanceof Error ? `\nThe last decode failed: ${decodeError.message}` : "";
    throw new CaptureExpectationError(`Waited ${Math.round(deadline.elapsed)} ms. ${why}${failed}`, { cause: error });
  }
}
