// Where a screen text stands in the manual (its chapter, section and the manual's own words), and the manual's
// screen nearest to a text it does not have: what a verdict quotes.
import { allSources, errors, knownTexts, textUses, toc, type Cited, type Section } from "../../fixtures/manual/index.ts";

/** A place in the manual: "Troubleshooting, Appliance Network Errors" and the words quoted from it. */
export interface ManualPlace {
  readonly chapter: string | null;
  readonly section: Section;
  readonly quote: string;
}

/** The chapter each section belongs to: the heading-only entry of the table of contents before it. */
const chapters = new Map<string, string | null>();
{
  let chapter: string | null = null;
  for (const e of toc) {
    if (!e.behavioural && e.why.startsWith("Heading")) chapter = e.title;
    else chapters.set(e.title, chapter);
  }
}

/** The chapter of a section ("Troubleshooting" for "Appliance Network Errors"), or null. */
export function chapterOf(section: Section): string | null {
  return chapters.get(section) ?? null;
}

/** "Troubleshooting, Appliance Network Errors" (the section alone when it heads no chapter). */
export function placeName(p: Pick<ManualPlace, "chapter" | "section">): string {
  return p.chapter ? `${p.chapter}, ${p.section}` : p.section;
}

const squash = (t: string) => t.replace(/\s+/g, " ").trim();

/** Where the manual shows `text`: an error row with its fix, else the shortest cited passage quoting it; null when
 *  the oracle knows the text but cites no passage holding it, or does not know it. */
export function placeOf(text: string): ManualPlace | null {
  const t = squash(text);
  if (!t) return null;
  const row = errors.find((e) => e.text === t);
  if (row) {
    const fix = "kind" in row.fix ? row.fix : row.fix.withoutProxy;
    const words = fix.kind === "cited" ? `${row.text} — ${fix.quote}` : row.text;
    const section = row.source.kind === "cited" ? row.source.section : "Appliance Network Errors";
    return { chapter: chapterOf(section), section, quote: words };
  }
  const cited = allSources().filter((s): s is Cited => s.kind === "cited" && s.quote.includes(t));
  const best = cited.sort((a, b) => a.quote.length - b.quote.length)[0];
  return best ? { chapter: chapterOf(best.section), section: best.section, quote: best.quote } : null;
}

/** True when the oracle knows `text` as something the appliance displays. */
export function isManualScreen(text: string): boolean {
  return textUses(text).length > 0 || errors.some((e) => e.text === squash(text));
}

/** Levenshtein distance of two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The manual's screen text nearest to `text` (fewest edits; ties: the first in sorted order). */
export function nearestScreen(text: string): string {
  const t = squash(text);
  let best = knownTexts[0]!;
  let bestD = Infinity;
  for (const k of knownTexts) {
    const d = editDistance(t, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** True when `shown` is `full` with characters left out (and at least one): what lost bytes make of a text. */
export function isLossOf(shown: string, full: string): boolean {
  const s = squash(shown);
  const f = squash(full);
  if (s.length >= f.length || s.length === 0) return false;
  let i = 0;
  for (const c of f) if (c === s[i]) i++;
  return i === s.length;
}
