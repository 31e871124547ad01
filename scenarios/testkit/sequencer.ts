// The order vitest starts test files in: the ones that run longest by design first (the defect proof's parts, the
// recovery and verdict proofs with their inner runs and waits), then vitest's own order (the slowest of the last
// run first, or on a fresh clone, with no durations kept, the largest files first). On a fresh clone the four small
// defect-proof files came last and ran alone for the final four minutes of a 16-minute run.
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Files known to run long, longest first (each is minutes of scenario runs or real waits). */
export const LONG_FILES: readonly RegExp[] = [
  /\/scenarios\/defects\.part\d+\.test\.ts$/,
  /\/scenarios\/verdicts\.test\.ts$/,
  /\/scenarios\/recovery\.test\.ts$/,
  /\/scenarios\/known-state\.test\.ts$/,
  /\/twin\/power\.test\.ts$/,
  /\/scenarios\/timeout\.test\.ts$/,
];

/** Where `moduleId` stands in LONG_FILES (its length: not a known long file). */
export function longRank(moduleId: string): number {
  const i = LONG_FILES.findIndex((re) => re.test(moduleId));
  return i < 0 ? LONG_FILES.length : i;
}

export default class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    // Array.prototype.sort is stable: vitest's order holds among files of the same rank.
    return ordered.map((spec, i) => ({ spec, i, rank: longRank(spec.moduleId) })).sort((a, b) => a.rank - b.rank || a.i - b.i).map((x) => x.spec);
  }
}
