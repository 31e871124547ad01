// The verdicts of a run, read from allure results: per test its manual section, DUT, status, time and evidence;
// per manual section what was verified, every deviation, what was skipped.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { RERUN_LABEL } from "../verdict/rerun.ts";
import { DUT_KIND_LABEL, DUT_LABEL, DUT_MODEL_LABEL, DUT_SERIAL_LABEL, MANUAL_SECTION_LABEL, SKIP_REASON_LABEL, OUTCOME_LABEL } from "./allure.ts";
import { OUTCOME_KINDS, type OutcomeKind } from "../verdict/outcome.ts";

type Status = "passed" | "failed" | "broken" | "skipped" | "unknown";

interface AllureResult {
  name: string;
  fullName?: string;
  status: Status;
  start?: number;
  stop?: number;
  statusDetails?: { message?: string };
  labels?: { name: string; value: string }[];
  parameters?: { name: string; value: string }[];
  attachments?: { name: string; source: string; type: string }[];
  steps?: AllureResult[];
}

/** An attachment of a result: its name (for rig evidence, the path under evidence/) and its copy in the results. */
export interface Attachment {
  name: string;
  source: string;
}

/** What the run said about the DUT of one test. */
export interface DutSeen {
  name: string;
  kind?: string;
  serial?: string;
  model?: string;
  /** Parameter name -> value: "software version", "signature version", "... reported to the platform". */
  versions: Record<string, string>;
}

/** What a failure was: a typed outcome (harness/verdict), or "unclassified" when it failed outside the verdict
 *  boundary (no `outcome` label: a fixture, a teardown, a test that is no scenario). */
export type FailureKind = OutcomeKind | "unclassified";

export interface Verdict {
  test: string;
  section: string;
  status: Status;
  /** For a test that did not pass and was not skipped: what its failure was. */
  outcome?: FailureKind;
  message?: string;
  durationMs?: number;
  /** Earlier attempts that ended inconclusive and were run again ("attempt N: <headline>"; harness/verdict/rerun.ts). */
  reruns?: string[];
  dut: DutSeen;
  attachments: Attachment[];
}

export interface SectionCount {
  section: string;
  verified: number;
  /** Failures that are deviations of the firmware from the manual. */
  deviations: number;
  /** Failures that say nothing about the firmware (line, lab, rig, a silent appliance, unclassified). */
  inconclusive: number;
  skipped: number;
}

/** The run's verdict on the firmware: verified (every scenario run passed), deviations found, or inconclusive (no
 *  deviation, but some scenario could not be judged). */
export type RunVerdict = "verified" | "deviations" | "inconclusive";

/** The counts that make the run's verdict. */
export interface Judgement {
  verdict: RunVerdict;
  verified: number;
  deviations: number;
  inconclusive: number;
  skipped: number;
  /** Failures per kind (deviation, line-fault, lab-fault, unresponsive, setup-error, unclassified), nonzero only. */
  failures: Partial<Record<FailureKind, number>>;
}

export type Totals = Record<Status, number>;

function attachmentsOf(r: AllureResult): Attachment[] {
  return [...(r.attachments ?? []).map((a) => ({ name: a.name, source: a.source })), ...(r.steps ?? []).flatMap(attachmentsOf)];
}

/** Reads every `*-result.json` of an allure results directory into verdicts (sorted by section, then test). */
export async function readVerdicts(resultsDir: string): Promise<Verdict[]> {
  const files = (await readdir(resultsDir).catch(() => [] as string[])).filter((f) => f.endsWith("-result.json")).sort();
  const verdicts: Verdict[] = [];
  for (const file of files) {
    const r = JSON.parse(await readFile(join(resultsDir, file), "utf8")) as AllureResult;
    // The last value of a label: a scenario run again carries the outcome of each attempt, the last one is its own.
    const label = (n: string) => r.labels?.filter((l) => l.name === n).at(-1)?.value;
    const reruns = (r.labels ?? []).filter((l) => l.name === RERUN_LABEL).map((l) => l.value);
    const versions = Object.fromEntries((r.parameters ?? []).filter((p) => /version/.test(p.name)).map((p) => [p.name, p.value]));
    const dut: DutSeen = { name: label(DUT_LABEL) ?? "-", versions };
    for (const [key, l] of [["kind", DUT_KIND_LABEL], ["serial", DUT_SERIAL_LABEL], ["model", DUT_MODEL_LABEL]] as const) {
      const v = label(l);
      if (v) dut[key] = v;
    }
    const failed = r.status !== "passed" && r.status !== "skipped";
    const kind = label(OUTCOME_LABEL);
    verdicts.push({
      test: r.fullName ?? r.name,
      section: label(MANUAL_SECTION_LABEL) ?? "(no manual section)",
      status: r.status,
      ...(failed ? { outcome: OUTCOME_KINDS.includes(kind as OutcomeKind) ? (kind as OutcomeKind) : "unclassified" } : {}),
      ...(r.statusDetails?.message ? { message: r.statusDetails.message.split("\n")[0] } : label(SKIP_REASON_LABEL) ? { message: label(SKIP_REASON_LABEL) } : {}),
      ...(r.start !== undefined && r.stop !== undefined ? { durationMs: r.stop - r.start } : {}),
      ...(reruns.length ? { reruns } : {}),
      dut,
      attachments: attachmentsOf(r),
    });
  }
  return verdicts.sort((a, b) => a.section.localeCompare(b.section) || a.test.localeCompare(b.test));
}

/** Totals and per-section counts of `verdicts`: only a failure whose outcome is a deviation counts against the
 *  firmware; every other failure is inconclusive. */
export function count(verdicts: readonly Pick<Verdict, "section" | "status" | "outcome">[]): { totals: Totals; sections: SectionCount[]; judgement: Judgement } {
  const totals: Totals = { passed: 0, failed: 0, broken: 0, skipped: 0, unknown: 0 };
  const bySection = new Map<string, SectionCount>();
  const failures: Partial<Record<FailureKind, number>> = {};
  for (const v of verdicts) {
    totals[v.status]++;
    const s = bySection.get(v.section) ?? { section: v.section, verified: 0, deviations: 0, inconclusive: 0, skipped: 0 };
    if (v.status === "passed") s.verified++;
    else if (v.status === "skipped") s.skipped++;
    else {
      const kind = v.outcome ?? "unclassified";
      failures[kind] = (failures[kind] ?? 0) + 1;
      if (kind === "deviation") s.deviations++;
      else s.inconclusive++;
    }
    bySection.set(v.section, s);
  }
  const sections = [...bySection.values()].sort((a, b) => a.section.localeCompare(b.section));
  const sum = (k: "verified" | "deviations" | "inconclusive" | "skipped") => sections.reduce((a, x) => a + x[k], 0);
  const deviations = sum("deviations");
  const inconclusive = sum("inconclusive");
  const verdict: RunVerdict = deviations ? "deviations" : inconclusive ? "inconclusive" : "verified";
  return { totals, sections, judgement: { verdict, verified: sum("verified"), deviations, inconclusive, skipped: sum("skipped"), failures } };
}

/** The judgement in one line: "2 verified, 1 deviation from the manual, 2 inconclusive (line-fault 1, setup-error 1),
 *  0 skipped: DEVIATIONS FOUND". */
export function judgementLine(j: Judgement): string {
  const order: readonly FailureKind[] = [...OUTCOME_KINDS, "unclassified"];
  const kinds = order.filter((k) => k !== "deviation" && j.failures[k]).map((k) => `${k} ${j.failures[k]}`).join(", ");
  const verdict = j.verdict === "deviations" ? "DEVIATIONS FOUND" : j.verdict === "inconclusive" ? "INCONCLUSIVE (no deviation found, but not every scenario could be judged)" : "VERIFIED";
  return `${j.verified} verified, ${j.deviations} deviation(s) from the manual, ${j.inconclusive} inconclusive${kinds ? ` (${kinds})` : ""}, ${j.skipped} skipped: ${verdict}`;
}

/** The exit code of a certification run: 0 verified, 1 deviations found, 3 inconclusive (2 is a usage error). */
export const INCONCLUSIVE_EXIT = 3;
export function exitCodeOf(j: Judgement): 0 | 1 | typeof INCONCLUSIVE_EXIT {
  return j.verdict === "deviations" ? 1 : j.verdict === "inconclusive" ? INCONCLUSIVE_EXIT : 0;
}

/** A DUT as the whole run saw it: every kind, serial, model and version it reported (a twin gets a fresh serial per
 *  test; a hardware appliance with two serials or two firmware versions in one run is a finding). */
export interface DutSummary {
  name: string;
  kind: string[];
  serial: string[];
  model: string[];
  versions: Record<string, string[]>;
}

/** The DUTs the verdicts name, one entry per name. */
export function dutsOf(verdicts: readonly Pick<Verdict, "dut">[]): DutSummary[] {
  const byName = new Map<string, { kind: Set<string>; serial: Set<string>; model: Set<string>; versions: Record<string, Set<string>> }>();
  for (const { dut } of verdicts) {
    const d = byName.get(dut.name) ?? { kind: new Set(), serial: new Set(), model: new Set(), versions: {} };
    for (const k of ["kind", "serial", "model"] as const) if (dut[k]) d[k].add(dut[k]);
    for (const [k, v] of Object.entries(dut.versions)) (d.versions[k] ??= new Set()).add(v);
    byName.set(dut.name, d);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return [...byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, d]) => ({ name, kind: sorted(d.kind), serial: sorted(d.serial), model: sorted(d.model), versions: Object.fromEntries(Object.entries(d.versions).sort().map(([k, v]) => [k, sorted(v)])) }));
}
