// Side by side in one run: the certification suite's section files against the twin on a few vitest worker counts
// (HIL_WORKERS; the default was four, it is six now), each arm a whole vitest run. Prints wall, CPU (user+sys of vitest
// and everything it waited for), the load average around each arm and the verdicts, which must be equal. The arms
// alternate (A B A B ...) so that a change of load on the host hits each of them.
// HIL_BENCH_WORKERS (comma list, default "4,6"), HIL_BENCH_RUNS (default 1 per arm), HIL_BENCH_FILES (comma list,
// default every section file of the certification suite).
// Run: npm run bench workers
import { resolve } from "node:path";
import { sectionFiles } from "../harness/cli/certify/select.ts";
import { vitestArm, type ArmResult } from "./testkit/bench-arm.ts";

const ROOT = resolve(import.meta.dirname, "..");
const FILES = process.env.HIL_BENCH_FILES?.split(",").filter(Boolean) ?? [...(await sectionFiles(resolve(ROOT, "scenarios"), ROOT)).values()].flat().sort();
const RUNS = Math.max(1, Number(process.env.HIL_BENCH_RUNS ?? 1));
const ARMS = (process.env.HIL_BENCH_WORKERS ?? "4,6").split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);

interface Arm extends ArmResult {
  workers: number;
}

const rows: Arm[] = [];
for (let i = 0; i < RUNS; i++) for (const w of ARMS) rows.push({ workers: w, ...(await vitestArm(ROOT, FILES, { HIL_WORKERS: String(w) })) });
console.log(`${FILES.length} section file(s) of the certification suite against the twin`);
console.log("workers | wall s | CPU s | CPU/wall | load before -> after | passed | failed");
for (const a of rows) {
  console.log(`${String(a.workers).padStart(7)} | ${a.wallS.toFixed(1).padStart(6)} | ${a.cpuS.toFixed(1).padStart(5)} | ${(a.cpuS / a.wallS).toFixed(2).padStart(8)} | ${a.load[0].toFixed(1)} -> ${a.load[1].toFixed(1)} | ${String(a.passed).padStart(6)} | ${a.failed}`);
}
const distinct = new Set(rows.map((a) => a.verdicts));
console.log(distinct.size === 1 ? "verdicts: equal in every arm" : "verdicts: DIFFER between arms (see the failed counts)");
process.exitCode = distinct.size === 1 && rows.every((a) => a.failed === 0 && a.passed > 0) ? 0 : 1;
