// One certification run: check the machine, replace the report directory, run the selected scenarios under vitest
// (live progress, JUnit XML, allure results), then write the record and the HTML report.
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { formatCheck, runChecks } from "../../doctor/checks.ts";
import { writeRecord } from "../../report/record.ts";
import { exitCodeOf, INCONCLUSIVE_EXIT, judgementLine } from "../../report/summary.ts";
import type { Selection } from "./select.ts";

export interface SuiteRun {
  /** The repository (where vitest and the scenarios are). */
  readonly root: string;
  /** The DUT selector (HIL_DUT). */
  readonly dut: string;
  /** The report directory (replaced). */
  readonly out: string;
  readonly selection: Selection;
}

/** Run the suite and write the report; returns the exit code (the suite's, or 1 when nothing was certified). */
export async function runSuite(run: SuiteRun): Promise<number> {
  const { root, dut, out, selection } = run;
  const failed = (await runChecks()).filter((r) => r.required && r.status === "missing");
  if (failed.length) {
    for (const r of failed) console.error(formatCheck(r));
    console.error("hil certify: the machine is not ready (see above; `npm run setup` installs everything)");
    return 1;
  }
  const results = join(out, "allure-results");
  await rm(out, { recursive: true, force: true });
  await mkdir(results, { recursive: true });
  const total = selection.scenarios.length;
  console.log(`[certify] ${total} scenario(s) in ${selection.files.length} file(s) against ${dut}; report in ${out}`);
  const started = new Date();
  const suite = await execa(join(root, "node_modules/.bin/vitest"), ["run", ...selection.files, ...(selection.testNamePattern ? ["-t", selection.testNamePattern] : [])], {
    cwd: root,
    stdio: "inherit",
    reject: false,
    env: {
      HIL_DUT: dut,
      HIL_ALLURE_RESULTS: results,
      HIL_EVIDENCE_DIR: join(out, "evidence"),
      HIL_JUNIT: join(out, "junit.xml"),
      HIL_PROGRESS_TOTAL: String(total),
      HIL_PROJECTION_DIR: join(out, "projection"),
    },
  });

  const record = await writeRecord({ root, out, selector: dut, started, scenarios: selection.scenarios });
  const html = join(out, "html");
  const report = await execa(join(root, "node_modules/.bin/allure"), ["awesome", results, "-o", html, "--single-file", "--name", `Scanner Appliance certification (${dut})`], { cwd: root, reject: false, all: true });
  if (report.exitCode !== 0) console.error(`[certify] allure report failed:\n${report.all}`);
  console.log(`[certify] ${judgementLine(record.judgement)}`);
  console.log(`[certify] record:  ${join(out, "certification.md")} (digest ${record.digest})`);
  console.log(`[certify] junit:   ${join(out, "junit.xml")}`);
  console.log(`[certify] report:  ${join(html, "index.html")}`);
  if (record.verdicts.length === 0) {
    console.error("[certify] no scenario ran: nothing was certified (inconclusive; a setup error stops the run before its first scenario: see above)");
    return INCONCLUSIVE_EXIT;
  }
  // 0 verified, 1 deviations from the manual, 3 inconclusive; a runner that failed without a failed test is no verdict.
  const code = exitCodeOf(record.judgement);
  return code === 0 && suite.exitCode !== 0 ? INCONCLUSIVE_EXIT : code;
}
