// Merging the reports of a run's shards: one record over every verdict, whose digest verifies and whose JUnit has
// every test once; inputs that are not one run are refused with a message naming them.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJunit } from "./junit.ts";
import { mergeReports, MergeRefused } from "./merge.ts";
import { verifyRecord, writeRecord, type ShardPart } from "./record.ts";

const ROWS = [
  { id: "main-menu", section: "Navigating the Appliance UI", behaviour: "main menu in order", file: "scenarios/nav.test.ts", status: "passed" },
  { id: "forbidden-chars", section: "Navigating the Appliance UI", behaviour: "DOMAIN NAME refuses characters", file: "scenarios/nav.test.ts", status: "passed" },
  { id: "boot-sequence", section: "System Reboot and Shutdown", behaviour: "boot messages in order", file: "scenarios/boot.test.ts", status: "failed" },
  { id: "reset-all", section: "Reset All Network Settings", behaviour: "reset all", file: "scenarios/reset.test.ts", status: "skipped" },
] as const;
const SELECTION = ROWS.map((r) => r.id);
const FILES = ["scenarios/boot.test.ts", "scenarios/nav.test.ts", "scenarios/reset.test.ts"];

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hil-merge-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Shape {
  shard?: [number, number];
  selector?: string;
  software?: string;
  commit?: string;
  /** No junit.xml (a run whose JUnit reporter wrote none). */
  noJunit?: boolean;
  /** Which rows this run judged (default: those of the shard's file). */
  rows?: readonly (typeof ROWS)[number][];
}

/** A report directory as `hil certify` leaves it: allure results, evidence, JUnit XML, the record. */
async function report(name: string, shape: Shape = {}): Promise<string> {
  const out = join(dir, name);
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, "allure-results"), { recursive: true });
  const [index, count] = shape.shard ?? [1, 1];
  const files = shape.shard ? [FILES[index - 1]!] : FILES;
  const rows = shape.rows ?? ROWS.filter((r) => files.includes(r.file));
  for (const r of rows) {
    await mkdir(join(out, "evidence", r.id), { recursive: true });
    await writeFile(join(out, "evidence", r.id, "twin.cast"), `cast of ${r.id}\n`);
    await writeFile(join(out, "allure-results", `${name}-${r.id}-result.json`), JSON.stringify({
      name: r.behaviour, fullName: `hil:${r.file}#${r.section} ${r.behaviour}`, status: r.status, start: 0, stop: 1000,
      labels: [{ name: "manual_section", value: r.section }, { name: "dut", value: "twin" }, ...(r.status === "failed" ? [{ name: "outcome", value: "deviation" }] : [])],
      parameters: [{ name: "software version", value: shape.software ?? "6.7.20-1" }],
      attachments: [{ name: `${r.id}/twin.cast`, source: `${name}-${r.id}-attachment.cast`, type: "application/x-asciicast" }],
      ...(r.status === "failed" ? { statusDetails: { message: "expected BOOTING" } } : {}),
    }));
    await writeFile(join(out, "allure-results", `${name}-${r.id}-attachment.cast`), `cast of ${r.id}\n`);
  }
  const byFile = [...new Set(rows.map((r) => r.file))];
  await writeFile(join(out, "junit.xml"), [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<testsuites name="vitest tests" tests="${rows.length}" failures="${rows.filter((r) => r.status === "failed").length}" errors="0" time="${rows.length}">`,
    ...byFile.map((f) => `    <testsuite name="${f}" tests="${rows.filter((r) => r.file === f).length}">\n${rows.filter((r) => r.file === f).map((r) => `        <testcase classname="${f}" name="${r.section} &gt; ${r.behaviour}" time="1"></testcase>`).join("\n")}\n    </testsuite>`),
    "</testsuites>",
    "",
  ].join("\n"));
  if (shape.noJunit) await rm(join(out, "junit.xml"));
  const shard: ShardPart | undefined = shape.shard ? { index, count, files, selection: SELECTION } : undefined;
  await writeRecord({
    root: out, out, selector: shape.selector ?? "lab.yaml:*", filter: "a,b", started: new Date(`2026-12-06T0${index}:00:00Z`), now: new Date("2026-12-06T09:00:00Z"),
    host: { name: `lab-${index}`, os: "linux 6.1" }, suite: { commit: shape.commit ?? "abc123", dirty: false, changed: [], node: "v20" },
    scenarios: ROWS.filter((r) => rows.some((x) => x.id === r.id)).map(({ id, section, behaviour }) => ({ id, section, behaviour })),
    ...(shard ? { shard } : {}),
  });
  return out;
}

const refused = async (dirs: string[]) => {
  try {
    await mergeReports({ dirs, out: join(dir, "refused-out") });
  } catch (error) {
    if (error instanceof MergeRefused) return error.message;
    throw error;
  }
  return "merged";
};

describe("mergeReports", () => {
  it("makes one record of three shards: every verdict once, judgement recomputed, inputs named, digest verifies", async () => {
    const shards = [await report("s1", { shard: [1, 3] }), await report("s2", { shard: [2, 3] }), await report("s3", { shard: [3, 3] })];
    const whole = await report("whole");
    const shardMd = await readFile(join(shards[0]!, "certification.md"), "utf8");
    expect(shardMd).toContain("- Shard 1/3: 1 of the 4 selected scenario(s), in scenarios/boot.test.ts; the other shards judge the rest\n");
    expect(shardMd).toContain("; of 1 scenario(s) in shard 1/3.\n");
    expect(shardMd).toContain("## Scenarios of shard 1/3\n\n- boot-sequence [System Reboot and Shutdown] boot messages in order\n");
    const out = join(dir, "merged");
    const merged = await mergeReports({ dirs: shards, out, now: new Date("2026-12-06T10:00:00Z"), host: { name: "ci", os: "linux" } });
    const single = JSON.parse(await readFile(join(whole, "certification.json"), "utf8")) as typeof merged;
    const outcome = (r: typeof merged) => r.verdicts.map((v) => [v.scenario, v.status, v.outcome ?? null]);
    expect(outcome(merged)).toEqual(outcome(single));
    expect(merged.judgement).toEqual(single.judgement);
    expect(merged.judgement.verdict).toBe("deviations");
    expect(merged.scenarios.map((s) => s.id)).toEqual(SELECTION);
    expect(merged.shard).toBeUndefined();
    expect(merged.merged!.inputs.map((i) => [i.shard, i.host.name, i.dir])).toEqual([["1/3", "lab-1", shards[0]], ["2/3", "lab-2", shards[1]], ["3/3", "lab-3", shards[2]]]);
    expect(merged.started).toBe("2026-12-06T01:00:00.000Z");
    const junit = parseJunit(await readFile(join(out, "junit.xml"), "utf8"), "merged");
    expect(junit.suites.map((s) => [s.name, s.testcases])).toEqual([["scenarios/boot.test.ts", 1], ["scenarios/nav.test.ts", 2], ["scenarios/reset.test.ts", 1]]);
    expect(junit).toMatchObject({ tests: 4, failures: 1 });
    const checks = await verifyRecord(out);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.what)).toEqual(expect.arrayContaining(["evidence/main-menu/twin.cast", "junit.xml"]));
    const md = await readFile(join(out, "certification.md"), "utf8");
    expect(md).toContain(`- Merged from 3 run(s):\n  - shard 1/3 on lab-1 (linux 6.1), 1 scenario(s), started 2026-12-06T01:00:00.000Z, record digest \``);
    expect(md).not.toContain("NO VERDICT");
  });

  it("refuses an incomplete set of shards, and a shard given twice", async () => {
    const [s1, s2, s3] = [await report("s1", { shard: [1, 3] }), await report("s2", { shard: [2, 3] }), await report("s3", { shard: [3, 3] })];
    expect(await refused([s1, s3])).toBe("these reports are not one run: missing shard(s) 2/3: given 1/3, 3/3; a merged record covers every shard of the run");
    expect(await refused([s1, s2, s3, s2])).toBe(`these reports are not one run: shard 2/3 is given 2 times: ${s2}, ${s2}`);
  });

  it("refuses runs of another DUT selector, firmware or suite, and a mix of shards and whole runs", async () => {
    const s1 = await report("s1", { shard: [1, 3] });
    const s3 = await report("s3", { shard: [3, 3] });
    const other = await report("s2-other", { shard: [2, 3], selector: "lab.yaml:A", software: "6.8.0-1", commit: "def456" });
    expect(await refused([s1, other, s3])).toBe(`these reports are not one run: expected every input to have the same DUT selector (--dut), found 'lab.yaml:*' in ${s1} and 'lab.yaml:A' in ${other}; expected every input to have the same suite commit, found 'abc123' in ${s1} and 'def456' in ${other}; expected every input to have tested the same firmware, found software version 6.7.20-1 in ${s1} and 6.8.0-1 in ${other}`);
    const whole = await report("whole");
    expect(await refused([whole, s1])).toBe(`these reports are not one run: expected every input to be a shard (hil certify --shard i/n) or none, found ${whole} unsharded and ${s1} shard 1/3; scenario boot-sequence is judged twice: in ${whole} and in ${s1}`);
  });

  it("refuses a scenario judged twice (two whole runs of one selection) and a shard of another count", async () => {
    const a = await report("whole-a");
    const b = await report("whole-b");
    expect(await refused([a, b])).toBe(`these reports are not one run: ${["forbidden-chars", "main-menu", "reset-all", "boot-sequence"].map((id) => `scenario ${id} is judged twice: in ${a} and in ${b}`).join("; ")}`);
    const s1 = await report("s1", { shard: [1, 3] });
    const of2 = await report("s2-of-2", { shard: [2, 2] });
    expect(await refused([s1, of2])).toBe(`these reports are not one run: expected every input to be a shard of the same run, found shard 1/3 in ${s1} and shard 2/2 in ${of2}`);
  });

  it("refuses a shard without JUnit XML when the others have it", async () => {
    const [s1, s3] = [await report("s1", { shard: [1, 3] }), await report("s3", { shard: [3, 3] })];
    const bare = await report("s2-bare", { shard: [2, 3], noJunit: true });
    expect(await refused([s1, bare, s3])).toBe(`these reports are not one run: expected every input to have its JUnit XML (junit.xml), found none in ${bare} (${s1} has one)`);
  });

  it("refuses an input whose record does not verify", async () => {
    const [s1, s2, s3] = [await report("s1", { shard: [1, 3] }), await report("s2", { shard: [2, 3] }), await report("s3", { shard: [3, 3] })];
    await writeFile(join(s2, "evidence", "main-menu", "twin.cast"), "forged\n");
    expect(await refused([s1, s2, s3])).toMatch(new RegExp(`^${s2.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: its record does not verify \\(hil certify verify ${s2.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\): evidence/main-menu/twin\\.cast: changed: recorded sha256 [0-9a-f]{64}, found [0-9a-f]{64}$`));
  });
});
