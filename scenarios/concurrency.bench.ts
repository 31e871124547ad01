// Side by side in one run: a selection of section files against the twin with its scenarios one at a time per file
// (HIL_CONCURRENCY=1, how the suite ran before) and several at once (the default), each arm a whole vitest run with
// the same workers. Prints wall, CPU (user+sys of vitest and everything it waited for), the load average around each
// arm and the verdicts, which must be equal. The arms alternate (A B A B ...) so that a change of load on the host hits
// both. HIL_BENCH_FILES (comma list, default three files of 20 scenarios), HIL_BENCH_RUNS (default 1 per arm),
// HIL_BENCH_CONCURRENCY (default "1,4").
// Run: npm run bench concurrency
import { resolve } from "node:path";
import { vitestArm, type ArmResult } from "./testkit/bench-arm.ts";

const ROOT = resolve(import.meta.dirname, "..");
const FILES = (process.env.HIL_BENCH_FILES ?? "scenarios/configure-vlans.test.ts,scenarios/proxy-configuration.test.ts,scenarios/ethernet-port-configuration.test.ts").split(",").filter(Boolean);
const RUNS = Math.max(1, Number(process.env.HIL_BENCH_RUNS ?? 1));
const ARMS = (process.env.HIL_BENCH_CONCURRENCY ?? "1,4").split(",").map(Number).filter((n) => n > 0);

interface Arm extends ArmResult {
  concurrency: number;
}

async function arm(concurrency: number): Promise<Arm> {
  return { concurrency, ...(await vitestArm(ROOT, FILES, { HIL_CONCURRENCY: String(concurrency) })) };
}

const rows: Arm[] = [];
for (let i = 0; i < RUNS; i++) for (const c of ARMS) rows.push(await arm(c));
console.log(`${FILES.length} file(s): ${FILES.join(", ")}; vitest workers ${process.env.HIL_WORKERS ?? 2}`);
console.log("concurrency | wall s | CPU s | CPU/wall | load before -> after | passed | failed");
for (const a of rows) {
  console.log(`${String(a.concurrency).padStart(11)} | ${a.wallS.toFixed(1).padStart(6)} | ${a.cpuS.toFixed(1).padStart(5)} | ${(a.cpuS / a.wallS).toFixed(2).padStart(8)} | ${a.load[0].toFixed(1)} -> ${a.load[1].toFixed(1)} | ${String(a.passed).padStart(6)} | ${a.failed}`);
}
const distinct = new Set(rows.map((a) => a.verdicts));
console.log(distinct.size === 1 ? "verdicts: equal in every arm" : "verdicts: DIFFER between arms (see the failed counts)");
process.exitCode = distinct.size === 1 ? 0 : 1;
