// `hil certify --shard i/n`: which of the selected section files (and so which scenarios) shard i of n runs. Vitest
// does the sharding itself (`vitest run --shard i/n`); this module predicts its choice so the record can say what the
// shard covered and the progress lines can count to the shard's own total. Vitest's rule (BaseSequencer.shard,
// vitest 4): order the files by the sha1 of their path from the root ("/scenarios/x.test.ts"), then cut that list
// into n runs whose sizes differ by at most one, the larger ones first. run.ts checks the prediction against the
// files vitest really ran (their JUnit suites).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ScenarioRow, Selection } from "./select.ts";

/** Shard `index` of `count` (both from 1). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parse `--shard`'s value; a string says what was expected when it is not i/n with 1 <= i <= n. */
export function parseShard(value: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) return `expected --shard to be i/n with whole numbers 1 <= i <= n (e.g. 2/3), got '${value}'`;
  return { index, count };
}

/** The [start, end) of shard `index` of `count` over `total` files: sizes differ by at most one, larger ones first. */
function range(total: number, { index, count }: Shard): [number, number] {
  const base = Math.floor(total / count);
  const larger = total % count;
  if (index <= larger) return [(base + 1) * (index - 1), (base + 1) * index];
  const start = larger * (base + 1) + (index - larger - 1) * base;
  return [start, start + base];
}

/** The files (relative to the root, as the selection holds them) that vitest runs in `shard`. */
export function shardFiles(files: readonly string[], shard: Shard): string[] {
  const key = (f: string) => createHash("sha1").update(`/${f}`).digest("hex");
  const ordered = [...files].map((f) => ({ f, h: key(f) })).sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  const [start, end] = range(ordered.length, shard);
  return ordered.slice(start, end).map((x) => x.f).sort();
}

/** The part a section file declares (`section("Title", { part: [i, n] })`), or undefined for a whole section. */
export async function partOfFile(root: string, file: string): Promise<[number, number] | undefined> {
  const m = /^section\("(?:[^"\\]|\\.)*", \{ part: \[(\d+), (\d+)\] \}\);$/m.exec(await readFile(join(root, file), "utf8"));
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** The slice of a section's scenarios that part i of n holds (as scenarios/section.ts cuts them). */
export function partSlice<T>(list: readonly T[], [i, n]: readonly [number, number]): T[] {
  return list.slice(Math.floor(((i - 1) * list.length) / n), Math.floor((i * list.length) / n));
}

/** What shard `shard` of `selection` runs: its files and the selected scenarios they hold. `catalogue` is every
 *  scenario of the suite in its order (a part file holds a slice of its whole section, selected or not);
 *  `sections` maps each section title to its files (sectionFiles). */
export async function shardSelection(root: string, selection: Selection, shard: Shard, catalogue: readonly ScenarioRow[], sections: ReadonlyMap<string, readonly string[]>): Promise<Selection> {
  const files = shardFiles(selection.files, shard);
  const held = new Set<string>();
  for (const f of files) {
    const section = [...sections].find(([, fs]) => fs.includes(f))?.[0];
    const ofSection = catalogue.filter((s) => s.section === section);
    const part = await partOfFile(root, f);
    for (const s of part ? partSlice(ofSection, part) : ofSection) held.add(s.id);
  }
  return { ...selection, files, scenarios: selection.scenarios.filter((s) => held.has(s.id)) };
}
