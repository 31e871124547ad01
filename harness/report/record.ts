// The certification record: a report that stands on its own later. Who ran what (suite commit and dirty flag, host,
// date), against what (DUT kind, name, serial, model, versions; the manual's date and digest), which scenarios, each
// verdict with its evidence by relative path and sha256, and a digest of the whole record. verifyRecord rechecks it.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { hostname, platform, release } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { manualPath } from "../../fixtures/manual/manual-text.ts";
import { count, dutsOf, judgementLine, readVerdicts, type DutSummary, type Judgement, type SectionCount, type Totals, type Verdict } from "./summary.ts";

export const RECORD_FORMAT = "hil-certification-record/2";

/** A file the record vouches for: its path relative to the record's directory and its content digest. */
export interface FileDigest {
  path: string;
  sha256: string;
  bytes: number;
}

export interface RecordVerdict extends Omit<Verdict, "attachments"> {
  /** The id of the selected scenario this verdict judges (absent for a test that is no selected scenario). */
  scenario?: string;
  evidence: FileDigest[];
}

/** The part of a selection one `hil certify --shard i/n` run covered. */
export interface ShardPart {
  index: number;
  count: number;
  /** The section files this shard ran (relative to the suite's root). */
  files: string[];
  /** The ids of the whole selection, every shard's scenarios together (`scenarios` holds this shard's). */
  selection: string[];
}

/** One report directory a merged record was made from (`hil report merge`). */
export interface MergedInput {
  /** The directory as given to merge. */
  dir: string;
  host: CertificationRecord["host"];
  /** "i/n", or undefined for an unsharded run. */
  shard?: string;
  started: string;
  generatedAt: string;
  /** The input record's own digest. */
  digest: string;
  scenarios: number;
}

export interface CertificationRecord {
  format: typeof RECORD_FORMAT;
  started: string;
  generatedAt: string;
  suite: { commit: string; dirty: boolean; changed: string[]; node: string };
  host: { name: string; os: string };
  selector: string;
  /** `hil certify --filter` (absent: every scenario). */
  filter?: string;
  /** This run is one shard of the selection. */
  shard?: ShardPart;
  /** This record merges the records of several runs (shards, hosts). */
  merged?: { inputs: MergedInput[] };
  duts: DutSummary[];
  manual: { file: string; dated: string; sha256: string };
  scenarios: { id: string; section: string; behaviour: string }[];
  totals: Totals;
  /** The verdict on the firmware: only deviations count against it; other failures make the run inconclusive. */
  judgement: Judgement;
  sections: SectionCount[];
  verdicts: RecordVerdict[];
  junit?: FileDigest;
  /** The appliance time the run waited (boots, checks, messages, keys), projected to a real appliance's timings. */
  projection?: RunProjection;
  /** sha256 of the canonical JSON of every other field. */
  digest: string;
}

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** The digest of a file relative to `dir`, or undefined when it is absent. */
export async function digestOf(dir: string, path: string): Promise<FileDigest | undefined> {
  const data = await readFile(join(dir, path)).catch(() => undefined);
  return data && { path, sha256: sha256(data), bytes: data.length };
}

/** JSON with object keys sorted at every level: the same record always gives the same text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

/** The digest of a record: over every field but `digest`. */
export function recordDigest(r: Omit<CertificationRecord, "digest"> & { digest?: string }): string {
  const { digest: _ignored, ...rest } = r;
  return sha256(canonical(rest));
}

/** The suite's commit and whether its tree differs from it (files changed, untracked ones too). */
async function suiteState(root: string): Promise<CertificationRecord["suite"]> {
  const git = (args: string[]) => promisify(execFile)("git", ["-C", root, ...args]).then((r) => r.stdout, (e: Error) => `error: ${e.message.split("\n")[0]}`);
  const commit = (await git(["rev-parse", "HEAD"])).trim();
  const status = await git(["status", "--porcelain"]);
  const changed = status.startsWith("error: ") ? [status] : status.split("\n").filter(Boolean).map((l) => l.slice(3));
  return { commit, dirty: changed.length > 0, changed, node: process.version };
}

/** The manual's file, the date on its title page and its digest. */
async function manualState(): Promise<CertificationRecord["manual"]> {
  const file = manualPath();
  const data = await readFile(file).catch(() => undefined);
  if (!data) return { file, dated: "(manual not found)", sha256: "(manual not found)" };
  const dated = /^\s*([A-Z][a-z]+ \d{1,2}, \d{4})\s*$/m.exec(data.toString("utf8").slice(0, 2000))?.[1] ?? "(no date on its title page)";
  return { file, dated, sha256: sha256(data) };
}

/** Each attachment as a file under `out`: the rig's evidence file (named by its path under evidence/) when it is
 *  there, else allure's copy in allure-results. */
async function evidenceOf(out: string, attachments: Verdict["attachments"]): Promise<FileDigest[]> {
  const files: FileDigest[] = [];
  for (const a of attachments) {
    const d = (await digestOf(out, join("evidence", a.name))) ?? (await digestOf(out, join("allure-results", a.source)));
    if (d) files.push(d);
  }
  return files;
}

/** The run's waits projected to real hardware timings (harness/report/projection.ts, one file per section). */
export interface RunProjection {
  scenarios: number;
  wallMs: number;
  projectedMs: number;
  sections: { section: string; scenarios: number; wallMs: number; projectedMs: number }[];
  /** Per model: all its scenarios on one appliance of that model (the least a lab needs: one appliance per model;
   *  no one appliance runs both models' scenarios). The suite's duration on such a lab is the largest of these. */
  models?: ProjectionShare[];
  /** Per appliance of this run (the scenarios each ran; a pool's appliances share a model's scenarios). */
  appliances?: ProjectionShare[];
  /** Scenarios measured through the twin backend, which boots a fresh twin for each: their projection counts a real
   *  boot per scenario that a hardware run, starting from the appliance's known state, does not make. */
  twinBackend?: number;
}

/** The scenarios one model or one appliance ran, and their projected duration. */
export interface ProjectionShare {
  name: string;
  model: string;
  scenarios: number;
  projectedMs: number;
}

/** Add the rows to the shares, by model or by appliance name (a row without its appliance counts under "(unknown)"). */
function share(into: Map<string, ProjectionShare>, rows: readonly { projectedMs: number; dut?: { name: string; model: string } }[], by: "name" | "model"): void {
  for (const r of rows) {
    const model = r.dut?.model ?? "(unknown)";
    const name = by === "model" ? model : (r.dut?.name ?? "(unknown)");
    const key = `${name}\0${model}`;
    const x = into.get(key) ?? { name, model, scenarios: 0, projectedMs: 0 };
    into.set(key, { ...x, scenarios: x.scenarios + 1, projectedMs: x.projectedMs + r.projectedMs });
  }
}

/** Sum the per-section projection files (`<dir>/*.json`, written by scenarios/section.ts); undefined when none. */
export async function projectionOf(dir: string): Promise<RunProjection | undefined> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort();
  const bySection = new Map<string, RunProjection["sections"][number]>();
  const byModel = new Map<string, ProjectionShare>();
  const byAppliance = new Map<string, ProjectionShare>();
  let twinBackend = 0;
  for (const f of files) {
    const rows = JSON.parse(await readFile(join(dir, f), "utf8")) as { wallMs: number; projectedMs: number; dut?: { name: string; model: string; kind?: string } }[];
    twinBackend += rows.filter((r) => r.dut?.kind === "twin").length;
    share(byModel, rows, "model");
    share(byAppliance, rows, "name");
    // The parts of a large section's files ("... part 2 of 4") add up to the section.
    const section = f.replace(/\.json$/, "").replace(/-/g, " ").trim().replace(/ part \d+ of \d+$/, "");
    const x = bySection.get(section) ?? { section, scenarios: 0, wallMs: 0, projectedMs: 0 };
    bySection.set(section, { section, scenarios: x.scenarios + rows.length, wallMs: x.wallMs + rows.reduce((a, r) => a + r.wallMs, 0), projectedMs: x.projectedMs + rows.reduce((a, r) => a + r.projectedMs, 0) });
  }
  const sections = [...bySection.values()];
  if (!sections.length) return undefined;
  const sum = (k: "scenarios" | "wallMs" | "projectedMs") => sections.reduce((a, x) => a + x[k], 0);
  const longest = (m: Map<string, ProjectionShare>) => [...m.values()].sort((a, b) => b.projectedMs - a.projectedMs || (a.name < b.name ? -1 : 1));
  return { scenarios: sum("scenarios"), wallMs: sum("wallMs"), projectedMs: sum("projectedMs"), sections, models: longest(byModel), appliances: longest(byAppliance), ...(twinBackend ? { twinBackend } : {}) };
}

export interface RecordInput {
  /** The repository that ran (for its commit). */
  root: string;
  /** The report directory: allure-results/, evidence/, junit.xml are read from it; the record is written to it. */
  out: string;
  selector: string;
  started: Date;
  /** The scenarios this run was to judge (a shard's own, for a shard). */
  scenarios: readonly { id: string; section: string; behaviour: string }[];
  filter?: string;
  shard?: ShardPart;
  now?: Date;
  /** Overrides for tests (a fixed host and suite state). */
  host?: CertificationRecord["host"];
  suite?: CertificationRecord["suite"];
}

/** Build the record of the run in `out` (not written). */
export async function buildRecord(input: RecordInput): Promise<CertificationRecord> {
  const verdicts = await readVerdicts(join(input.out, "allure-results"));
  const { totals, sections, judgement } = count(verdicts);
  const junit = await digestOf(input.out, "junit.xml");
  const projection = await projectionOf(join(input.out, "projection"));
  const body: Omit<CertificationRecord, "digest"> = {
    format: RECORD_FORMAT,
    started: input.started.toISOString(),
    generatedAt: (input.now ?? new Date()).toISOString(),
    suite: input.suite ?? (await suiteState(input.root)),
    host: input.host ?? { name: hostname(), os: `${platform()} ${release()}` },
    selector: input.selector,
    ...(input.filter !== undefined ? { filter: input.filter } : {}),
    ...(input.shard ? { shard: input.shard } : {}),
    duts: dutsOf(verdicts),
    manual: await manualState(),
    scenarios: input.scenarios.map(({ id, section, behaviour }) => ({ id, section, behaviour })),
    totals,
    judgement,
    sections,
    verdicts: await Promise.all(verdicts.map(async ({ attachments, ...v }) => {
      const scenario = scenarioOf(v, input.scenarios);
      return { ...v, ...(scenario ? { scenario } : {}), evidence: await evidenceOf(input.out, attachments) };
    })),
    ...(junit ? { junit } : {}),
    ...(projection ? { projection } : {}),
  };
  return { ...body, digest: recordDigest(body) };
}

/** The id of the scenario among `scenarios` whose test `v` is (its full name ends "#<section> <behaviour>"). */
export function scenarioOf(v: Pick<Verdict, "test" | "section">, scenarios: readonly { id: string; section: string; behaviour: string }[]): string | undefined {
  return scenarios.find((s) => s.section === v.section && v.test.endsWith(`#${s.section} ${s.behaviour}`))?.id;
}

/** A verdict's mark: VERIFIED, SKIPPED, DEVIATION, or INCONCLUSIVE with the kind of failure. */
function mark(v: RecordVerdict): string {
  if (v.status === "passed") return "VERIFIED";
  if (v.status === "skipped") return "SKIPPED";
  return v.outcome === "deviation" ? "DEVIATION" : `INCONCLUSIVE: ${v.outcome ?? "unclassified"}`;
}

/** The record's lines on the projected duration: in all, per model (one appliance of each), per appliance of the run. */
export function projectionLines(p: RunProjection): string[] {
  const min = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
  const shares = (list: readonly ProjectionShare[], named: boolean) => list.map((x) => `${named ? `${x.name} (${x.model})` : x.model} ${min(x.projectedMs)} for ${x.scenarios}`).join(", ");
  return [
    `- Projected duration on real hardware timings (boots, checks, messages and key echoes at a real appliance's timings): ${min(p.projectedMs)} for all ${p.scenarios} scenario(s) one after another (this run's wall time ${min(p.wallMs)})`,
    ...(p.models?.length ? [`  - per model, each model's scenarios on one appliance of it (a lab's appliances run side by side): ${shares(p.models, false)}`] : []),
    ...(p.appliances?.length && p.appliances.length > (p.models?.length ?? 0) ? [`  - per appliance of this run: ${shares(p.appliances, true)}`] : []),
    ...(p.twinBackend ? [`  - ${twinBackendCaution(p.twinBackend, p.scenarios)}`] : []),
  ];
}

/** Why a projection measured through the twin backend overstates a hardware run, and how to measure one that does not. */
export function twinBackendCaution(twin: number, of: number): string {
  return `caution: ${twin} of these ${of} scenario(s) were measured through the twin backend, which boots a fresh twin for each, so each counts a real boot (up to 3 min) that a hardware run starting from the appliance's known state does not make; measure on the hardware path (HIL_DUT=lab.yaml:NAME; a twin box will do, as .ci/hardware-path does) for the figure a nightly run will see`;
}

/** How many verdicts of `r` had an attempt run again. */
function reran(r: CertificationRecord): number {
  return r.verdicts.filter((v) => v.reruns?.length).length;
}

/** The record as Markdown: what a release engineer reads and signs. Rebuilt from the JSON by `verify`. */
export function toMarkdown(r: CertificationRecord): string {
  const lines = [
    "# Certification record",
    "",
    `- Record digest (sha256): \`${r.digest}\``,
    `- Run: started ${r.started}, written ${r.generatedAt}, on ${r.host.name} (${r.host.os})`,
    `- Suite: commit ${r.suite.commit}${r.suite.dirty ? ` **with uncommitted changes** (${r.suite.changed.join(", ")})` : " (clean tree)"}, node ${r.suite.node}`,
    `- Manual: ${r.manual.file}, dated ${r.manual.dated}, sha256 \`${r.manual.sha256}\``,
    `- DUT selector: ${r.selector}`,
    ...(r.filter !== undefined ? [`- Filter: ${r.filter}`] : []),
    ...(r.shard ? [`- Shard ${r.shard.index}/${r.shard.count}: ${r.scenarios.length} of the ${r.shard.selection.length} selected scenario(s), in ${r.shard.files.join(", ")}; the other shards judge the rest`] : []),
    ...(r.merged ? [`- Merged from ${r.merged.inputs.length} run(s):`, ...r.merged.inputs.map((i) => `  - ${i.shard ? `shard ${i.shard}` : "unsharded"} on ${i.host.name} (${i.host.os}), ${i.scenarios} scenario(s), started ${i.started}, record digest \`${i.digest}\` (${i.dir})`)] : []),
    ...r.duts.flatMap((d) => [
      `- DUT ${d.name}: kind ${d.kind.join(", ") || "-"}, model ${d.model.join(", ") || "-"}, serial ${d.serial.join(", ") || "-"}`,
      ...Object.entries(d.versions).map(([k, v]) => `  - ${k}: ${v.join(", ")}`),
    ]),
    ...(r.junit ? [`- JUnit: ${r.junit.path}, sha256 \`${r.junit.sha256}\``] : []),
    ...(r.projection ? projectionLines(r.projection) : []),
    "",
    `Verdict: ${judgementLine(r.judgement)}; of ${r.scenarios.length} scenario(s) ${r.shard ? `in shard ${r.shard.index}/${r.shard.count}` : "selected"}.`,
    ...(reran(r) ? ["", `Run again: ${reran(r)} scenario(s) had an inconclusive attempt (the line, the lab, an appliance that stopped answering) and were run again on a fresh session; each attempt is listed with its verdict.`] : []),
    ...(r.judgement.inconclusive ? ["", `Inconclusive: ${r.judgement.inconclusive} scenario(s) failed for a reason that is no deviation of the firmware (the line, the lab, the rig, an appliance that stopped answering); the firmware is not certified for them.`] : []),
    "",
    "| Manual section | Verified | Deviations | Inconclusive | Skipped |",
    "|---|---|---|---|---|",
    ...r.sections.map((x) => `| ${x.section} | ${x.verified} | ${x.deviations} | ${x.inconclusive} | ${x.skipped} |`),
    "",
    "## Verdicts",
    "",
  ];
  for (const v of r.verdicts) {
    lines.push(`- **${mark(v)}** [${v.section}] ${v.test} (dut: ${v.dut.name}${v.dut.serial ? ` serial ${v.dut.serial}` : ""}${v.durationMs !== undefined ? `, ${(v.durationMs / 1000).toFixed(1)} s` : ""})`);
    if (v.message && v.status !== "passed") lines.push(`  - ${v.message}`);
    for (const r of v.reruns ?? []) lines.push(`  - run again after ${r}`);
    for (const e of v.evidence) lines.push(`  - evidence: ${e.path} (sha256 ${e.sha256})`);
  }
  const ran = new Set(r.verdicts.map((v) => `${v.section}\0${v.test}`));
  const notRun = r.scenarios.filter((s) => ![...ran].some((k) => k.startsWith(`${s.section}\0`) && k.endsWith(s.behaviour)));
  lines.push("", r.shard ? `## Scenarios of shard ${r.shard.index}/${r.shard.count}` : "## Scenarios selected", "", ...r.scenarios.map((s) => `- ${s.id} [${s.section}] ${s.behaviour}${notRun.includes(s) ? " — **NO VERDICT**" : ""}`));
  return `${lines.join("\n")}\n`;
}

/** Write `certification.json` and `certification.md` into `input.out`; returns the record. */
export async function writeRecord(input: RecordInput): Promise<CertificationRecord> {
  const record = await buildRecord(input);
  await writeFile(join(input.out, "certification.json"), `${JSON.stringify(record, null, 2)}\n`);
  await writeFile(join(input.out, "certification.md"), toMarkdown(record));
  return record;
}

/** One finding of verifyRecord. */
export interface Check {
  ok: boolean;
  what: string;
  detail: string;
}

/** Recheck the record in `dir`: every evidence file and the JUnit file against their sha256, the record against its
 *  digest, and certification.md against the Markdown the JSON gives. */
export async function verifyRecord(dir: string): Promise<Check[]> {
  const jsonFile = join(dir, "certification.json");
  const text = await readFile(jsonFile, "utf8").catch(() => undefined);
  if (text === undefined) return [{ ok: false, what: jsonFile, detail: "missing: no certification record in this directory" }];
  let r: CertificationRecord;
  try {
    r = JSON.parse(text) as CertificationRecord;
  } catch (error) {
    return [{ ok: false, what: "certification.json", detail: `not JSON: ${(error as Error).message}` }];
  }
  if (r.format !== RECORD_FORMAT) return [{ ok: false, what: "certification.json", detail: `expected format ${RECORD_FORMAT}, found ${String(r.format)}` }];
  const checks: Check[] = [];
  const actual = recordDigest(r);
  checks.push(actual === r.digest ? { ok: true, what: "certification.json", detail: `record digest ${r.digest}` } : { ok: false, what: "certification.json", detail: `changed: its digest says ${r.digest}, its content gives ${actual}` });
  const md = await readFile(join(dir, "certification.md"), "utf8").catch(() => undefined);
  checks.push(md === undefined ? { ok: false, what: "certification.md", detail: "missing" } : md === toMarkdown(r) ? { ok: true, what: "certification.md", detail: "matches the record" } : { ok: false, what: "certification.md", detail: "changed: differs from the Markdown of certification.json" });
  const files = [...r.verdicts.flatMap((v) => v.evidence), ...(r.junit ? [r.junit] : [])];
  for (const f of files) {
    const info = await stat(join(dir, f.path)).catch(() => undefined);
    const now = info?.isFile() ? await digestOf(dir, f.path) : undefined;
    if (!now) checks.push({ ok: false, what: f.path, detail: "missing" });
    else if (now.sha256 !== f.sha256) checks.push({ ok: false, what: f.path, detail: `changed: recorded sha256 ${f.sha256}, found ${now.sha256}` });
    else checks.push({ ok: true, what: f.path, detail: `sha256 ${f.sha256}` });
  }
  return checks;
}
