// `hil report merge`: the report directories of several runs of one selection (the shards of `hil certify --shard
// i/n`, on one or many lab hosts) become one report: allure results, evidence and projections copied together, one
// JUnit XML, and one certification record over every verdict (judgement, sections, DUTs and digest recomputed),
// naming each input with its host and shard. Inputs that do not belong together are refused before anything is written.
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { hostname, platform, release } from "node:os";
import { dirname, join } from "node:path";
import { mergeJunit } from "./junit.ts";
import { digestOf, projectionOf, recordDigest, toMarkdown, verifyRecord, RECORD_FORMAT, type CertificationRecord, type MergedInput } from "./record.ts";
import { count, dutsOf } from "./summary.ts";

/** Inputs that cannot be merged: the message says which inputs and why. */
export class MergeRefused extends Error {
  override readonly name = "MergeRefused";
}

/** One input: its directory (as given) and its record. */
export interface MergeInput {
  readonly dir: string;
  readonly record: CertificationRecord;
}

/** The DUT parameters that say which firmware was certified (harness/report/allure.ts onDut). */
const FIRMWARE_VERSIONS: readonly string[] = ["software version", "signature version"];

const shardName = (r: CertificationRecord) => (r.shard ? `${r.shard.index}/${r.shard.count}` : undefined);

/** The key of a verdict: the scenario it judges, else its test's full name. */
const verdictKey = (v: CertificationRecord["verdicts"][number]) => v.scenario ?? `${v.section}\0${v.test}`;

/** Why `inputs` do not make one run (empty: they do). Each line names the inputs concerned. */
export function refusals(inputs: readonly MergeInput[]): string[] {
  const problems: string[] = [];
  const [first, ...rest] = inputs;
  if (!first) return ["expected at least one report directory to merge, got none"];
  const same = (what: string, value: (r: CertificationRecord) => string) => {
    const other = rest.find((i) => value(i.record) !== value(first.record));
    if (other) problems.push(`expected every input to have the same ${what}, found '${value(first.record)}' in ${first.dir} and '${value(other.record)}' in ${other.dir}`);
  };
  same("DUT selector (--dut)", (r) => r.selector);
  same("--filter", (r) => r.filter ?? "(none: every scenario)");
  same("suite commit", (r) => r.suite.commit);
  same("manual (sha256)", (r) => r.manual.sha256);
  const selection = (r: CertificationRecord) => r.shard?.selection ?? r.scenarios.map((s) => s.id);
  const otherSelection = rest.find((i) => selection(i.record).join("\n") !== selection(first.record).join("\n"));
  if (otherSelection) {
    const a = new Set(selection(first.record));
    const b = new Set(selection(otherSelection.record));
    const differ = [...[...a].filter((x) => !b.has(x)), ...[...b].filter((x) => !a.has(x))];
    problems.push(`expected every input to have the same selection of scenarios, found ${a.size} in ${first.dir} and ${b.size} in ${otherSelection.dir}${differ.length ? ` (in one only: ${differ.slice(0, 5).join(", ")}${differ.length > 5 ? ", ..." : ""})` : " (in another order)"}`);
  }
  // The firmware: the versions the DUTs had (their own, at the start of each scenario; not those a scenario's update
  // installed and reported to the platform) must be the same in all inputs.
  const versions = (r: CertificationRecord) => {
    const byKey = new Map<string, Set<string>>();
    for (const d of r.duts) for (const [k, vs] of Object.entries(d.versions)) if (FIRMWARE_VERSIONS.includes(k)) for (const v of vs) (byKey.get(k) ?? byKey.set(k, new Set()).get(k)!).add(v);
    return byKey;
  };
  const firstVersions = versions(first.record);
  for (const other of rest) {
    for (const [k, vs] of versions(other.record)) {
      const mine = firstVersions.get(k);
      const show = (s: Set<string>) => [...s].sort().join(", ");
      if (mine && show(mine) !== show(vs)) problems.push(`expected every input to have tested the same firmware, found ${k} ${show(mine)} in ${first.dir} and ${show(vs)} in ${other.dir}`);
    }
  }
  // Shards: all or none, of one count, each once, none missing.
  const sharded = inputs.filter((i) => i.record.shard);
  if (sharded.length && sharded.length < inputs.length) {
    const plain = inputs.find((i) => !i.record.shard)!;
    problems.push(`expected every input to be a shard (hil certify --shard i/n) or none, found ${plain.dir} unsharded and ${sharded[0]!.dir} shard ${shardName(sharded[0]!.record)}`);
  } else if (sharded.length) {
    const n = first.record.shard!.count;
    const otherCount = sharded.find((i) => i.record.shard!.count !== n);
    if (otherCount) problems.push(`expected every input to be a shard of the same run, found shard ${shardName(first.record)} in ${first.dir} and shard ${shardName(otherCount.record)} in ${otherCount.dir}`);
    else {
      const byIndex = new Map<number, string[]>();
      for (const i of sharded) byIndex.set(i.record.shard!.index, [...(byIndex.get(i.record.shard!.index) ?? []), i.dir]);
      for (const [index, dirs] of [...byIndex].sort(([a], [b]) => a - b)) if (dirs.length > 1) problems.push(`shard ${index}/${n} is given ${dirs.length} times: ${dirs.join(", ")}`);
      const missing = Array.from({ length: n }, (_, k) => k + 1).filter((k) => !byIndex.has(k));
      if (missing.length) problems.push(`missing shard(s) ${missing.map((k) => `${k}/${n}`).join(", ")}: given ${[...byIndex.keys()].sort((a, b) => a - b).map((k) => `${k}/${n}`).join(", ")}; a merged record covers every shard of the run`);
    }
  }
  // One JUnit report from all or from none (a merged one must hold every test of the run).
  const withJunit = inputs.find((i) => i.record.junit);
  const withoutJunit = inputs.find((i) => !i.record.junit);
  if (withJunit && withoutJunit) problems.push(`expected every input to have its JUnit XML (junit.xml), found none in ${withoutJunit.dir} (${withJunit.dir} has one)`);
  // Every scenario judged once.
  const judgedIn = new Map<string, string>();
  for (const i of inputs)
    for (const v of i.record.verdicts) {
      const key = verdictKey(v);
      const earlier = judgedIn.get(key);
      if (earlier && earlier !== i.dir) problems.push(`scenario ${v.scenario ?? v.test} is judged twice: in ${earlier} and in ${i.dir}`);
      else judgedIn.set(key, i.dir);
    }
  return problems;
}

/** Read and verify the record of each directory; a record that does not verify is refused, naming what failed. */
export async function readInputs(dirs: readonly string[]): Promise<MergeInput[]> {
  const inputs: MergeInput[] = [];
  for (const dir of dirs) {
    const failed = (await verifyRecord(dir)).filter((c) => !c.ok);
    if (failed.length) throw new MergeRefused(`${dir}: its record does not verify (hil certify verify ${dir}): ${failed.map((c) => `${c.what}: ${c.detail}`).join("; ")}`);
    inputs.push({ dir, record: JSON.parse(await readFile(join(dir, "certification.json"), "utf8")) as CertificationRecord });
  }
  return inputs;
}

/** Copy the tree `from` into `to`; a file already there with other content is refused (same content: kept). */
async function copyTree(from: string, to: string, label: string): Promise<void> {
  const entries = await readdir(from, { recursive: true }).catch(() => [] as string[]);
  for (const e of entries.sort()) {
    const src = join(from, e);
    if (!(await stat(src)).isFile()) continue;
    const dst = join(to, e);
    const there = await readFile(dst).catch(() => undefined);
    if (there) {
      if (!there.equals(await readFile(src))) throw new MergeRefused(`${label}/${e} differs between two inputs (the second is ${src}): not overwriting it`);
      continue;
    }
    await mkdir(dirname(dst), { recursive: true });
    await copyFile(src, dst);
  }
}

export interface MergeRequest {
  /** The report directories to merge. */
  readonly dirs: readonly string[];
  /** Where the merged report goes (must be absent or empty: the caller checks). */
  readonly out: string;
  readonly now?: Date;
  /** Overrides for tests: the merging host. */
  readonly host?: CertificationRecord["host"];
}

/** Read, verify and check the inputs: they must make one run (MergeRefused says why not). Writes nothing. */
export async function checkInputs(dirs: readonly string[]): Promise<MergeInput[]> {
  const inputs = await readInputs(dirs);
  const problems = refusals(inputs);
  if (problems.length) throw new MergeRefused(`these reports are not one run: ${problems.join("; ")}`);
  const first = inputs[0]!.record;
  const held = new Set(inputs.flatMap((i) => i.record.scenarios.map((s) => s.id)));
  const uncovered = (first.shard?.selection ?? []).filter((id) => !held.has(id));
  if (uncovered.length) throw new MergeRefused(`these reports are not one run: selected scenario(s) ${uncovered.join(", ")} are in no shard's share of the selection`);
  return inputs;
}

/** Check the inputs belong together, then write the merged report into `out`; returns its record. */
export async function mergeReports(req: MergeRequest): Promise<CertificationRecord> {
  return writeMerged(await checkInputs(req.dirs), req);
}

/** Write the merged report of checked `inputs` (checkInputs) into `req.out`; returns its record. */
export async function writeMerged(inputs: readonly MergeInput[], req: Omit<MergeRequest, "dirs">): Promise<CertificationRecord> {
  const records = inputs.map((i) => i.record);
  const first = records[0]!;
  // The whole selection, in its order, from the scenarios each input was to judge.
  const rows = new Map(records.flatMap((r) => r.scenarios.map((s) => [s.id, s] as const)));
  const selectionIds = first.shard?.selection ?? first.scenarios.map((s) => s.id);

  await mkdir(req.out, { recursive: true });
  for (const part of ["allure-results", "evidence", "projection"]) for (const i of inputs) await copyTree(join(i.dir, part), join(req.out, part), part);
  const junits = await Promise.all(inputs.map(async (i) => ({ source: join(i.dir, "junit.xml"), xml: await readFile(join(i.dir, "junit.xml"), "utf8").catch(() => undefined) })));
  const present = junits.filter((j): j is { source: string; xml: string } => j.xml !== undefined);
  if (present.length) {
    try {
      await writeFile(join(req.out, "junit.xml"), mergeJunit(present));
    } catch (error) {
      throw new MergeRefused(`these reports are not one run: ${(error as Error).message}`, { cause: error });
    }
  }
  const verdicts = records.flatMap((r) => r.verdicts).sort((a, b) => a.section.localeCompare(b.section) || a.test.localeCompare(b.test));
  const { totals, sections, judgement } = count(verdicts);
  const junit = await digestOf(req.out, "junit.xml");
  const projection = await projectionOf(join(req.out, "projection"));
  const changed = [...new Set(records.flatMap((r) => r.suite.changed))].sort();
  const mergedInputs: MergedInput[] = inputs.map(({ dir, record: r }) => ({
    dir,
    host: r.host,
    ...(r.shard ? { shard: shardName(r)! } : {}),
    started: r.started,
    generatedAt: r.generatedAt,
    digest: r.digest,
    scenarios: r.scenarios.length,
  }));
  const body: Omit<CertificationRecord, "digest"> = {
    format: RECORD_FORMAT,
    started: records.map((r) => r.started).sort()[0]!,
    generatedAt: (req.now ?? new Date()).toISOString(),
    suite: { ...first.suite, dirty: records.some((r) => r.suite.dirty), changed },
    host: req.host ?? { name: hostname(), os: `${platform()} ${release()}` },
    selector: first.selector,
    ...(first.filter !== undefined ? { filter: first.filter } : {}),
    merged: { inputs: mergedInputs },
    duts: dutsOf(verdicts),
    manual: first.manual,
    scenarios: selectionIds.map((id) => rows.get(id)!),
    totals,
    judgement,
    sections,
    verdicts,
    ...(junit ? { junit } : {}),
    ...(projection ? { projection } : {}),
  };
  const record = { ...body, digest: recordDigest(body) };
  await writeFile(join(req.out, "certification.json"), `${JSON.stringify(record, null, 2)}\n`);
  await writeFile(join(req.out, "certification.md"), toMarkdown(record));
  return record;
}
