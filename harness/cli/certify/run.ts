// One certification run: check the machine, replace the report directory, run the selected scenarios under vitest
// (live progress, JUnit XML, allure results), then write the record and the HTML report.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { constants, tmpdir } from "node:os";
import { execa } from "execa";
import { formatCheck, runChecks } from "../../doctor/checks.ts";
import { writeRecord, type ShardPart } from "../../report/record.ts";
import { junitFiles } from "../../report/junit.ts";
import { exitCodeOf, INCONCLUSIVE_EXIT, judgementLine } from "../../report/summary.ts";
import { renderHtml } from "./html.ts";
import { childrenOf, identities, reapWorkers } from "./reap.ts";
import type { Selection } from "./select.ts";

/** The signals that stop a run cleanly (SIGKILL cannot be caught: `hil lab sweep` removes what it leaves). */
const INTERRUPTS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

export interface SuiteRun {
  /** The repository (where vitest and the scenarios are). */
  readonly root: string;
  /** The DUT selector (HIL_DUT). */
  readonly dut: string;
  /** The report directory (replaced). */
  readonly out: string;
  /** Vitest workers (default two): a pool of appliances gets one per appliance. */
  readonly workers?: number;
  readonly selection: Selection;
  /** How many times an inconclusive scenario is run again (HIL_RERUNS; default the suite's, 1). */
  readonly reruns?: number;
  /** `--filter` as given (kept in the record: merge checks that shards share it). */
  readonly filter?: string;
  /** This run is shard i/n: `selection` is the shard's own; vitest gets `--shard i/n` over the whole selection's files. */
  readonly shard?: { readonly part: ShardPart; readonly wholeFiles: readonly string[] };
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
  const part = run.shard?.part;
  console.log(`[certify] ${total} scenario(s) in ${selection.files.length} file(s)${part ? ` (shard ${part.index}/${part.count} of ${part.selection.length} scenario(s) in ${run.shard!.wholeFiles.length} file(s))` : ""} against ${dut}; report in ${out}`);
  const started = new Date();
  // Named in the manifest of every run its workers make: after an interrupt, what a dead worker left is found by it.
  const session = `certify-${process.pid}-${randomBytes(4).toString("hex")}`;
  // Ctrl-C or SIGTERM: passed to vitest, which stops its scenarios (their fixtures and interrupt hooks take down the
  // labs and twins); certify exits only once vitest has, and writes no record of an interrupted run.
  let interrupted: NodeJS.Signals | undefined;
  let workers: Promise<Awaited<ReturnType<typeof identities>>> | undefined;
  const forward = (signal: NodeJS.Signals) => {
    interrupted ??= signal;
    // To vitest and to its workers (which hold the twins and labs and stop them on the signal): vitest alone exits
    // on SIGTERM without stopping its workers.
    const pids = [suiteProcess.pid, ...childrenOf(suiteProcess.pid)];
    workers ??= identities(pids.filter((p): p is number => p !== undefined));
    for (const pid of pids) {
      try {
        if (pid) process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  for (const signal of INTERRUPTS) process.on(signal, forward);
  // vitest keeps its transformed modules in a directory of TMPDIR that it removes only when it ends normally: an
  // interrupted run would leave it. The run's own TMPDIR goes once vitest and its workers are gone.
  const tmp = await mkdtemp(join(tmpdir(), "hil-certify-"));
  const files = run.shard ? [...run.shard.wholeFiles, "--shard", `${run.shard.part.index}/${run.shard.part.count}`] : selection.files;
  const suiteProcess = execa(join(root, "node_modules/.bin/vitest"), ["run", ...files, ...(selection.testNamePattern ? ["-t", selection.testNamePattern] : [])], {
    cwd: root,
    stdio: "inherit",
    reject: false,
    env: {
      TMPDIR: tmp,
      HIL_SESSION: session,
      HIL_DUT: dut,
      HIL_ALLURE_RESULTS: results,
      HIL_EVIDENCE_DIR: join(out, "evidence"),
      HIL_JUNIT: join(out, "junit.xml"),
      HIL_PROGRESS_TOTAL: String(total),
      HIL_PROJECTION_DIR: join(out, "projection"),
      ...(run.workers ? { HIL_WORKERS: String(run.workers) } : {}),
      ...(run.reruns !== undefined ? { HIL_RERUNS: String(run.reruns) } : {}),
    },
  });
  const suite = await suiteProcess.finally(() => {
    for (const signal of INTERRUPTS) process.removeListener(signal, forward);
  });
  if (interrupted) {
    // vitest may exit before a worker's interrupt hooks are done (or stop a worker in the middle of them): wait for
    // the workers, then sweep what a dead one still owned.
    const reaped = await reapWorkers((await workers) ?? [], session);
    for (const s of reaped.swept) console.error(`[certify] removed what an interrupted worker left: ${s}`);
    for (const k of reaped.kept) console.error(`[certify] could not remove what an interrupted worker left: ${k}`);
    for (const p of reaped.stillRunning) console.error(`[certify] worker ${p.pid} still runs after the interrupt (\`hil lab sweep\` removes its runs once it is gone)`);
    if (!reaped.stillRunning.length) await rm(tmp, { recursive: true, force: true });
    console.error(`[certify] interrupted by ${interrupted}: the scenarios were stopped and cleaned up; no record written`);
    return 128 + (constants.signals[interrupted] ?? 0);
  }

  await rm(tmp, { recursive: true, force: true });
  // A shard: the files vitest's --shard really ran (its JUnit suites) must be those the record names.
  const ran = part && (await junitFiles(join(out, "junit.xml")));
  const misread = part && ran && ran.join("\n") !== part.files.join("\n");
  if (misread) console.error(`[certify] shard ${part.index}/${part.count}: vitest ran ${ran.join(", ") || "no file"}, but the record names ${part.files.join(", ")} (harness/cli/certify/shard.ts no longer predicts vitest's sharding): inconclusive`);
  const record = await writeRecord({ root, out, selector: dut, started, scenarios: selection.scenarios, ...(run.filter !== undefined ? { filter: run.filter } : {}), ...(part ? { shard: part } : {}) });
  const html = join(out, "html");
  const failedHtml = await renderHtml(root, out, `Scanner Appliance certification (${dut}${part ? `, shard ${part.index}/${part.count}` : ""})`);
  if (failedHtml) console.error(`[certify] allure report failed:\n${failedHtml}`);
  console.log(`[certify] ${judgementLine(record.judgement)}`);
  console.log(`[certify] record:  ${join(out, "certification.md")} (digest ${record.digest})`);
  console.log(`[certify] junit:   ${join(out, "junit.xml")}`);
  console.log(`[certify] report:  ${join(html, "index.html")}`);
  if (misread) return INCONCLUSIVE_EXIT;
  if (record.verdicts.length === 0) {
    console.error("[certify] no scenario ran: nothing was certified (inconclusive; a setup error stops the run before its first scenario: see above)");
    return INCONCLUSIVE_EXIT;
  }
  // 0 verified, 1 deviations from the manual, 3 inconclusive; a runner that failed without a failed test is no verdict.
  const code = exitCodeOf(record.judgement);
  return code === 0 && suite.exitCode !== 0 ? INCONCLUSIVE_EXIT : code;
}
