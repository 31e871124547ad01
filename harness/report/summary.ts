// The certification summary: per manual section, what was verified, every deviation, and the evidence behind each verdict.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DUT_LABEL, MANUAL_SECTION_LABEL } from "./allure.ts";

interface AllureResult {
  name: string;
  fullName?: string;
  status: "passed" | "failed" | "broken" | "skipped" | "unknown";
  statusDetails?: { message?: string };
  labels?: { name: string; value: string }[];
  parameters?: { name: string; value: string }[];
  attachments?: { name: string; source: string; type: string }[];
  steps?: AllureResult[];
}

export interface Verdict {
  test: string;
  section: string;
  dut: string;
  status: AllureResult["status"];
  message?: string;
  evidence: string[];
}

export interface CertificationSummary {
  generatedAt: string;
  dut: string[];
  versions: Record<string, string[]>;
  totals: Record<AllureResult["status"], number>;
  sections: { section: string; verified: number; deviations: number; skipped: number }[];
  verdicts: Verdict[];
}

function attachmentsOf(r: AllureResult): string[] {
  return [...(r.attachments ?? []).map((a) => `${a.name} (${a.source})`), ...(r.steps ?? []).flatMap(attachmentsOf)];
}

/** Reads every `*-result.json` in an allure results directory into verdicts. */
export async function readVerdicts(resultsDir: string): Promise<{ verdicts: Verdict[]; versions: Record<string, string[]> }> {
  const files = (await readdir(resultsDir).catch(() => [] as string[])).filter((f) => f.endsWith("-result.json"));
  const verdicts: Verdict[] = [];
  const versions: Record<string, Set<string>> = {};
  for (const file of files) {
    const r = JSON.parse(await readFile(join(resultsDir, file), "utf8")) as AllureResult;
    const label = (n: string) => r.labels?.find((l) => l.name === n)?.value;
    for (const p of r.parameters ?? []) {
      if (/version/.test(p.name)) (versions[p.name] ??= new Set()).add(p.value);
    }
    verdicts.push({
      test: r.fullName ?? r.name,
      section: label(MANUAL_SECTION_LABEL) ?? "(no manual section)",
      dut: label(DUT_LABEL) ?? "-",
      status: r.status,
      ...(r.statusDetails?.message ? { message: r.statusDetails.message.split("\n")[0] } : {}),
      evidence: attachmentsOf(r),
    });
  }
  verdicts.sort((a, b) => a.section.localeCompare(b.section) || a.test.localeCompare(b.test));
  return { verdicts, versions: Object.fromEntries(Object.entries(versions).map(([k, v]) => [k, [...v].sort()])) };
}

export function summarise(verdicts: Verdict[], versions: Record<string, string[]>, now = new Date()): CertificationSummary {
  const totals = { passed: 0, failed: 0, broken: 0, skipped: 0, unknown: 0 };
  const bySection = new Map<string, { verified: number; deviations: number; skipped: number }>();
  for (const v of verdicts) {
    totals[v.status]++;
    const s = bySection.get(v.section) ?? { verified: 0, deviations: 0, skipped: 0 };
    if (v.status === "passed") s.verified++;
    else if (v.status === "skipped") s.skipped++;
    else s.deviations++;
    bySection.set(v.section, s);
  }
  return {
    generatedAt: now.toISOString(),
    dut: [...new Set(verdicts.map((v) => v.dut))].sort(),
    versions,
    totals,
    sections: [...bySection].map(([section, s]) => ({ section, ...s })),
    verdicts,
  };
}

/** The summary as Markdown: what a certifier signs off. */
export function toMarkdown(s: CertificationSummary): string {
  const lines = [
    "# Certification summary",
    "",
    `Generated ${s.generatedAt}; device(s) under test: ${s.dut.join(", ") || "none"}.`,
    ...Object.entries(s.versions).map(([k, v]) => `- ${k}: ${v.join(", ")}`),
    "",
    `Totals: ${s.totals.passed} verified, ${s.totals.failed + s.totals.broken} deviations, ${s.totals.skipped} skipped.`,
    "",
    "| Manual section | Verified | Deviations | Skipped |",
    "|---|---|---|---|",
    ...s.sections.map((x) => `| ${x.section} | ${x.verified} | ${x.deviations} | ${x.skipped} |`),
    "",
    "## Verdicts",
    "",
  ];
  for (const v of s.verdicts) {
    const mark = v.status === "passed" ? "VERIFIED" : v.status === "skipped" ? "SKIPPED" : "DEVIATION";
    lines.push(`- **${mark}** [${v.section}] ${v.test} (dut: ${v.dut})`);
    if (v.message && v.status !== "passed") lines.push(`  - ${v.message}`);
    for (const e of v.evidence) lines.push(`  - evidence: ${e}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Writes `certification.md` and `certification.json` beside the results; returns the summary. */
export async function writeSummary(resultsDir: string, outDir: string): Promise<CertificationSummary> {
  const { verdicts, versions } = await readVerdicts(resultsDir);
  const summary = summarise(verdicts, versions);
  await writeFile(join(outDir, "certification.json"), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(join(outDir, "certification.md"), toMarkdown(summary));
  return summary;
}
