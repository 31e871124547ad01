// The verdicts of a run, read from allure results: per test its manual section, DUT, status, time and evidence;
// per manual section what was verified, every deviation, what was skipped.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { DUT_KIND_LABEL, DUT_LABEL, DUT_MODEL_LABEL, DUT_SERIAL_LABEL, MANUAL_SECTION_LABEL } from "./allure.ts";

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

export interface Verdict {
  test: string;
  section: string;
  status: Status;
  message?: string;
  durationMs?: number;
  dut: DutSeen;
  attachments: Attachment[];
}

export interface SectionCount {
  section: string;
  verified: number;
  deviations: number;
  skipped: number;
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
    const label = (n: string) => r.labels?.find((l) => l.name === n)?.value;
    const versions = Object.fromEntries((r.parameters ?? []).filter((p) => /version/.test(p.name)).map((p) => [p.name, p.value]));
    const dut: DutSeen = { name: label(DUT_LABEL) ?? "-", versions };
    for (const [key, l] of [["kind", DUT_KIND_LABEL], ["serial", DUT_SERIAL_LABEL], ["model", DUT_MODEL_LABEL]] as const) {
      const v = label(l);
      if (v) dut[key] = v;
    }
    verdicts.push({
      test: r.fullName ?? r.name,
      section: label(MANUAL_SECTION_LABEL) ?? "(no manual section)",
      status: r.status,
      ...(r.statusDetails?.message ? { message: r.statusDetails.message.split("\n")[0] } : {}),
      ...(r.start !== undefined && r.stop !== undefined ? { durationMs: r.stop - r.start } : {}),
      dut,
      attachments: attachmentsOf(r),
    });
  }
  return verdicts.sort((a, b) => a.section.localeCompare(b.section) || a.test.localeCompare(b.test));
}

/** Totals and per-section counts of `verdicts` (a failed or broken test is a deviation). */
export function count(verdicts: readonly Pick<Verdict, "section" | "status">[]): { totals: Totals; sections: SectionCount[] } {
  const totals: Totals = { passed: 0, failed: 0, broken: 0, skipped: 0, unknown: 0 };
  const bySection = new Map<string, SectionCount>();
  for (const v of verdicts) {
    totals[v.status]++;
    const s = bySection.get(v.section) ?? { section: v.section, verified: 0, deviations: 0, skipped: 0 };
    if (v.status === "passed") s.verified++;
    else if (v.status === "skipped") s.skipped++;
    else s.deviations++;
    bySection.set(v.section, s);
  }
  return { totals, sections: [...bySection.values()].sort((a, b) => a.section.localeCompare(b.section)) };
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
export function dutsOf(verdicts: readonly Verdict[]): DutSummary[] {
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
