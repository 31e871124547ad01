// Which scenarios a `hil certify` run takes: all, or those `--filter` names (a scenario's id or behaviour, or a
// manual section's title), resolved to vitest's arguments (the section files, a test-name pattern).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { closest } from "../args.ts";

/** What the selection needs to know of a scenario (the catalogue's rows). */
export interface ScenarioRow {
  readonly id: string;
  readonly section: string;
  readonly behaviour: string;
}

/** A resolved selection: the scenarios, the test files to run, and the test-name pattern (all when absent). */
export interface Selection {
  readonly scenarios: readonly ScenarioRow[];
  readonly files: readonly string[];
  readonly testNamePattern?: string;
}

/** The manual section each test file of `dir` declares (`section("Title")`, or one part of it:
 *  `section("Title", { part: [i, n] })`), as title -> its files relative to `root`. */
export async function sectionFiles(dir: string, root: string): Promise<Map<string, string[]>> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".test.ts")).sort();
  const out = new Map<string, string[]>();
  for (const f of files) {
    const m = /^section\("((?:[^"\\]|\\.)*)"[,)]/m.exec(await readFile(join(dir, f), "utf8"));
    if (!m) continue;
    const title = JSON.parse(`"${m[1]}"`) as string;
    out.set(title, [...(out.get(title) ?? []), join(dir, f).slice(root.length + 1)]);
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Resolve `filter` (undefined: everything). A filter that names nothing is an error naming the nearest names; one
 *  that names nothing as a whole but holds commas is a list of filters (sections, ids), each of which must name
 *  something: their union is run. */
export function select(filter: string | undefined, rows: readonly ScenarioRow[], files: ReadonlyMap<string, readonly string[]>): Selection | { error: string } {
  const whole = selectOne(filter, rows, files);
  if (!("error" in whole) || filter === undefined || !filter.includes(",")) return whole;
  const parts: Selection[] = [];
  for (const item of filter.split(",").map((x) => x.trim()).filter(Boolean)) {
    const one = selectOne(item, rows, files);
    if ("error" in one) return { error: `${one.error} (in the list '${filter}')` };
    parts.push(one);
  }
  const ids = new Set(parts.flatMap((p) => p.scenarios.map((s) => s.id)));
  const scenarios = rows.filter((r) => ids.has(r.id));
  const fileList = [...new Set(parts.flatMap((p) => p.files))].sort();
  // A scenario's pattern picks its own test; a section's keeps every test of its files.
  if (!parts.some((p) => p.testNamePattern)) return { scenarios, files: fileList };
  const pattern = parts.map((p) => p.testNamePattern ?? `^${escape(p.scenarios[0]!.section)} `).map((x) => `(?:${x})`).join("|");
  return { scenarios, files: fileList, testNamePattern: pattern };
}

function selectOne(filter: string | undefined, rows: readonly ScenarioRow[], files: ReadonlyMap<string, readonly string[]>): Selection | { error: string } {
  const filesOf = (section: string) => files.get(section) ?? [];
  const runnable = rows.filter((r) => filesOf(r.section).length);
  if (filter === undefined) return { scenarios: runnable, files: [...new Set(runnable.flatMap((r) => filesOf(r.section)))].sort() };
  const wanted = filter.trim().toLowerCase();
  const sectionRows = runnable.filter((r) => r.section.toLowerCase() === wanted);
  if (sectionRows.length) return { scenarios: sectionRows, files: [...filesOf(sectionRows[0]!.section)] };
  const row = runnable.find((r) => r.id.toLowerCase() === wanted || r.behaviour.toLowerCase() === wanted);
  // A section cut into parts: every part's file is named; the pattern leaves only the scenario's own test to run.
  if (row) return { scenarios: [row], files: [...filesOf(row.section)], testNamePattern: `^${escape(row.section)} ${escape(row.behaviour)}$` };
  const guess = closest(wanted, [...new Set(runnable.flatMap((r) => [r.id, r.section.toLowerCase()]))]);
  return { error: `expected --filter to be a scenario id (e.g. ${runnable[0]?.id ?? "none"}), a scenario's behaviour or a manual section's title, got '${filter}'${guess ? ` (did you mean '${runnable.find((r) => r.id === guess)?.id ?? runnable.find((r) => r.section.toLowerCase() === guess)?.section}'?)` : ""}; hil certify --list shows them` };
}
