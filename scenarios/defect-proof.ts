// Proof that the suite can fail: every scenario is run against the twin with each defect that breaks what
// it checks, and must fail with a deviation from the manual. Prints which twin defects no scenario catches.
// The runs are cut into parts (scenarios/defects.partN.test.ts), so that vitest's workers share them.
import { scenarioTimeoutMs } from "./budget.ts";
import { twinDefects } from "../harness/dut/twin.ts";
import { attachEvidence } from "../harness/report/allure.ts";
import { DeviationError } from "../harness/ui/index.ts";
import { Deviation } from "../harness/verdict/outcome.ts";
import { SCENARIOS } from "./catalogue.ts";
import { describe, expect, onTwin, test } from "./fixtures.ts";
import { writeFileSync, mkdirSync } from "node:fs";
import { resolve, join } from "node:path";
import { partOf } from "./section.ts";

/** The first deviation (a DeviationError, or a polling verdict's Deviation) in an error's cause chain (StrategyError and
 *  AggregateError included). */
export function deviationIn(error: unknown, depth = 0): DeviationError | Deviation | null {
  if (!error || depth > 8) return null;
  if (error instanceof DeviationError || error instanceof Deviation) return error;
  if (error instanceof AggregateError) for (const e of error.errors) { const d = deviationIn(e, depth + 1); if (d) return d; }
  return deviationIn((error as { cause?: unknown }).cause, depth + 1);
}

/** The coverage table: each twin defect and the scenarios that catch it. */
export function coverage(catalogue: readonly string[]): { rows: string[]; uncovered: string[]; unknown: string[] } {
  const by = new Map(catalogue.map((d) => [d, [] as string[]]));
  const unknown: string[] = [];
  for (const sc of SCENARIOS) for (const d of sc.catches ?? []) (by.get(d) ?? (unknown.push(`${sc.id}: ${d}`), [])).push(sc.id);
  const rows = [...by].map(([d, ids]) => `| ${d} | ${ids.join(", ") || "NONE"} |`);
  return { rows, uncovered: [...by].filter(([, ids]) => ids.length === 0).map(([d]) => d), unknown };
}

/** Every (scenario, defect) pair the catalogue claims: one run each. */
export const DEFECT_RUNS = SCENARIOS.flatMap((sc) => (sc.catches ?? []).map((d) => ({ sc, defect: d })));

/** Part `i` of `n` of the defect proof (consecutive runs of near-equal count); part 1 also checks and prints the
 *  coverage table. */
export function defectProof(i: number, n: number): void {
  const runs = partOf(DEFECT_RUNS, i, n);
  describe.skipIf(!onTwin())(`each scenario fails against the twin defect that breaks it (part ${i} of ${n})`, () => {
    if (i === 1) {
      test("the table names only real twin defects; coverage printed", async () => {
        const catalogue = await twinDefects();
        const { rows, uncovered, unknown } = coverage(catalogue);
        const text = [
          "| twin defect | caught by scenario(s) |", "|---|---|", ...rows, "",
          `defects with no scenario catching them: ${uncovered.join(", ") || "none"}`,
          `scenarios no defect can break: ${SCENARIOS.filter((s) => !s.catches).map((s) => `${s.id} (${s.why})`).join("; ")}`,
        ].join("\n");
        console.log(`\nDefect coverage\n${text}\n`);
        const dir = resolve(process.env.HIL_EVIDENCE_DIR ?? "reports/evidence");
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "defect-coverage.md"), `${text}\n`);
        await attachEvidence(join(dir, "defect-coverage.md"));
        expect(unknown).toEqual([]);
      });
    }

    describe.concurrent("defect runs", () => {
      for (const { sc, defect } of runs) {
        test(`${sc.id} fails with --defect ${defect}`, async ({ rig, expect }) => {
          const s = await rig.open({ ...sc.spec, defects: [defect] });
          const error = await sc.run(s).then(() => null, (e: unknown) => e);
          expect(error, `scenario ${sc.id} passed although the twin has --defect ${defect}`).not.toBeNull();
          const d = deviationIn(error);
          expect(d, `scenario ${sc.id} failed without a deviation: ${String(error)}`).not.toBeNull();
          console.log(`${sc.id} x ${defect}: ${d!.message.split("\n")[0]}`);
          // The scenario's own derived timeout (scenarios/budget.ts): an inner deadline fires first and names what it
          // awaited, never the runner's bare "Test timed out".
        }, scenarioTimeoutMs({ ...sc.spec, defects: [defect] }));
      }
    });
  });
}
