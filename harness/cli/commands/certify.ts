// `hil certify`: the main job. Runs the certification suite (scenarios/) against a DUT and writes the report.
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { formatCheck, runChecks } from "../../doctor/checks.ts";
import { writeSummary } from "../../report/summary.ts";

export const summary = "run the certification suite (default: against the twin) and write the report under reports/";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function option(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const value = argv[i + 1];
  if (!value || value.startsWith("--")) throw new Error(`Expected a value after ${name}, got ${value ?? "nothing"}`);
  return value;
}

/** Test files under scenarios/ that declare no manual section (the defect proof, unit tests of the suite's own code):
 *  left out of a certification run, so the report lists manual behaviours only. */
export async function notSections(dir = join(root, "scenarios")): Promise<string[]> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".test.ts")).sort();
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")));
  return files.filter((_, i) => !/^section\(/m.test(texts[i]!)).map((f) => join("scenarios", f));
}

export async function main(argv: string[]): Promise<number> {
  const dut = option(argv, "--dut", "twin");
  const out = resolve(option(argv, "--out", join(root, "reports/certify")));
  const filter = argv.includes("--filter") ? [option(argv, "--filter", "")] : [];

  const failed = (await runChecks()).filter((r) => r.required && r.status === "missing");
  if (failed.length) {
    for (const r of failed) console.error(formatCheck(r));
    console.error("hil certify: the machine is not ready (see above; `npm run setup` installs everything)");
    return 1;
  }

  const results = join(out, "allure-results");
  await rm(out, { recursive: true, force: true });
  await mkdir(results, { recursive: true });
  console.log(`[certify] suite: scenarios/ against ${dut}; results in ${results}`);
  const suite = await execa(join(root, "node_modules/.bin/vitest"), ["run", "scenarios", ...(await notSections()).flatMap((f) => ["--exclude", f]), ...filter], {
    cwd: root,
    stdio: "inherit",
    reject: false,
    env: { HIL_DUT: dut, HIL_ALLURE_RESULTS: results, HIL_EVIDENCE_DIR: join(out, "evidence") },
  });

  const s = await writeSummary(results, out);
  const html = join(out, "html");
  const report = await execa(join(root, "node_modules/.bin/allure"), ["awesome", results, "-o", html, "--single-file", "--name", `Scanner Appliance certification (${dut})`], { cwd: root, reject: false, all: true });
  if (report.exitCode !== 0) console.error(`[certify] allure report failed:\n${report.all}`);
  console.log(`[certify] ${s.totals.passed} verified, ${s.totals.failed + s.totals.broken} deviations, ${s.totals.skipped} skipped`);
  console.log(`[certify] summary: ${join(out, "certification.md")}`);
  console.log(`[certify] report:  ${join(html, "index.html")}`);
  if (s.verdicts.length === 0) {
    console.error("[certify] no scenario ran: nothing was certified");
    return 1;
  }
  return suite.exitCode ?? 1;
}
