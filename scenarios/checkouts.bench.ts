// Before and after, side by side in one run: the same section files against the twin in this checkout and in another
// one (HIL_BENCH_BEFORE: a checkout of an earlier commit, e.g. `git worktree add ../before REV` with its own
// node_modules), each arm a whole vitest run with the same workers. The arms alternate (before, after, before, ...)
// so that a change of load on the host hits both. Prints wall, CPU (user+sys of vitest and everything it waited for:
// the twins, the labs' services, the helpers), the load around each arm and the verdicts, which must be equal.
// HIL_BENCH_FILES (comma list, default three files of 21 scenarios), HIL_BENCH_RUNS (default 1 per arm).
// Run: HIL_BENCH_BEFORE=../before npm run bench checkouts
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { vitestArm, type ArmResult } from "./testkit/bench-arm.ts";

const AFTER = resolve(import.meta.dirname, "..");
const BEFORE = process.env.HIL_BENCH_BEFORE ? resolve(process.env.HIL_BENCH_BEFORE) : undefined;
const FILES = (process.env.HIL_BENCH_FILES ?? "scenarios/appliance-network-errors.part1.test.ts,scenarios/configure-vlans.test.ts,scenarios/navigating-the-appliance-ui.test.ts").split(",").filter(Boolean);
const RUNS = Math.max(1, Number(process.env.HIL_BENCH_RUNS ?? 1));

if (!BEFORE || !existsSync(resolve(BEFORE, "node_modules/.bin/vitest"))) {
  console.error(`checkouts bench: expected HIL_BENCH_BEFORE to name a checkout with node_modules installed, found ${JSON.stringify(process.env.HIL_BENCH_BEFORE ?? null)}`);
  process.exit(2);
}

const rows: Array<ArmResult & { arm: "before" | "after" }> = [];
for (let i = 0; i < RUNS; i++) {
  rows.push({ arm: "before", ...(await vitestArm(BEFORE, FILES)) });
  rows.push({ arm: "after", ...(await vitestArm(AFTER, FILES)) });
}
console.log(`${FILES.length} file(s): ${FILES.join(", ")}; vitest workers ${process.env.HIL_WORKERS ?? 2}; before ${BEFORE}, after ${AFTER}`);
console.log("arm    | wall s | CPU s | CPU/wall | load before -> after | passed | failed");
for (const a of rows) {
  console.log(`${a.arm.padEnd(6)} | ${a.wallS.toFixed(1).padStart(6)} | ${a.cpuS.toFixed(1).padStart(5)} | ${(a.cpuS / a.wallS).toFixed(2).padStart(8)} | ${a.load[0].toFixed(1)} -> ${a.load[1].toFixed(1)} | ${String(a.passed).padStart(6)} | ${a.failed}`);
}
const distinct = new Set(rows.map((a) => a.verdicts));
console.log(distinct.size === 1 ? "verdicts: equal in every arm" : "verdicts: DIFFER between arms (see the failed counts)");
process.exitCode = distinct.size === 1 ? 0 : 1;
