// One arm of a side-by-side benchmark: a whole vitest run of some section files in one checkout, with its wall time,
// the CPU it and everything it waited for used, the load around it and its verdicts (compared between arms).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

/** What one arm measured. */
export interface ArmResult {
  readonly wallS: number;
  readonly cpuS: number;
  readonly load: readonly [number, number];
  readonly passed: number;
  readonly failed: number;
  /** Each test's status and full name, sorted: equal strings, equal verdicts. */
  readonly verdicts: string;
}

/** user+sys seconds of the children this process has waited for (/proc/self/stat cutime + cstime). */
export function childCpuS(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[13]) + Number(f[14])) / 100;
}

/** Run `files` with the vitest of checkout `root` (its own reports in a temporary directory, removed after). */
export async function vitestArm(root: string, files: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<ArmResult> {
  const out = mkdtempSync(join(tmpdir(), "hil-bench-arm-"));
  const json = join(out, "results.json");
  const load0 = loadavg()[0]!;
  const cpu0 = childCpuS();
  const t0 = performance.now();
  const r = await execa(join(root, "node_modules/.bin/vitest"), ["run", ...files, "--reporter=json", `--outputFile=${json}`], {
    cwd: root, reject: false, all: true,
    env: { ...env, HIL_ALLURE_RESULTS: join(out, "allure"), HIL_EVIDENCE_DIR: join(out, "evidence"), HIL_PROJECTION_DIR: join(out, "projection") },
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
  return { wallS, cpuS, load: [load0, loadavg()[0]!], passed, failed, verdicts };
}
