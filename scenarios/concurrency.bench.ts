// Side by side in one run: a selection of section files against the twin with its scenarios one at a time per file
// (HIL_CONCURRENCY=1, how the suite ran before) and several at once (the default), each arm a whole vitest run with
// the same workers. Prints wall, CPU (user+sys of vitest and everything it waited for), the load average around each
// arm and the verdicts, which must be equal. The arms alternate (A B A B ...) so that a change of load on the host hits
// both. HIL_BENCH_FILES (comma list, default three files of 20 scenarios), HIL_BENCH_RUNS (default 1 per arm),
// HIL_BENCH_CONCURRENCY (default "1,4").
// Run: npm run bench concurrency
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";

const ROOT = resolve(import.meta.dirname, "..");
const FILES = (process.env.HIL_BENCH_FILES ?? "scenarios/configure-vlans.test.ts,scenarios/proxy-configuration.test.ts,scenarios/ethernet-port-configuration.test.ts").split(",").filter(Boolean);
const RUNS = Math.max(1, Number(process.env.HIL_BENCH_RUNS ?? 1));
const ARMS = (process.env.HIL_BENCH_CONCURRENCY ?? "1,4").split(",").map(Number).filter((n) => n > 0);

interface Arm {
  concurrency: number;
  wallS: number;
  cpuS: number;
  load: [number, number];
  passed: number;
  failed: number;
  verdicts: string;
}

/** user+sys seconds of the children this process has waited for (/proc/self/stat cutime + cstime). */
function childCpuS(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[13]) + Number(f[14])) / 100;
}

async function arm(concurrency: number): Promise<Arm> {
  const out = mkdtempSync(join(tmpdir(), "hil-bench-conc-"));
  const json = join(out, "results.json");
  const load0 = loadavg()[0]!;
  const cpu0 = childCpuS();
  const t0 = performance.now();
  const r = await execa(join(ROOT, "node_modules/.bin/vitest"), ["run", ...FILES, "--reporter=json", `--outputFile=${json}`], {
    cwd: ROOT, reject: false, all: true,
    env: { HIL_CONCURRENCY: String(concurrency), HIL_ALLURE_RESULTS: join(out, "allure"), HIL_EVIDENCE_DIR: join(out, "evidence"), HIL_PROJECTION_DIR: join(out, "projection") },
  });
  const wallS = (performance.now() - t0) / 1000;
  const cpuS = childCpuS() - cpu0;
  let passed = 0;
  let failed = 0;
  let verdicts = "";
  try {
    const results = JSON.parse(readFileSync(json, "utf8")) as { testResults: { assertionResults: { fullName: string; status: string }[] }[] };
    const all = results.testResults.flatMap((f) => f.assertionResults).sort((a, b) => a.fullName.localeCompare(b.fullName));
    passed = all.filter((a) => a.status === "passed").length;
    failed = all.filter((a) => a.status === "failed").length;
    verdicts = all.map((a) => `${a.status} ${a.fullName}`).join("\n");
  } catch {
    verdicts = `no results (exit ${r.exitCode}): ${r.all.slice(-400)}`;
  }
  rmSync(out, { recursive: true, force: true });
  return { concurrency, wallS, cpuS, load: [load0, loadavg()[0]!], passed, failed, verdicts };
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
