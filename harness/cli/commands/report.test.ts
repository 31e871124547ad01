// Through the real CLI against the twin: a selection run whole and as three shards (in parallel, as three lab hosts
// would); `hil report merge` of the shards gives the whole run's verdicts and JUnit tests, and a record that
// verifies; two of the three shards are refused.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { parseJunit } from "../../report/junit.ts";
import type { CertificationRecord } from "../../report/record.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hil = join(import.meta.dirname, "..", "hil.sh");
const run = (args: string[]) => execa(hil, args, { reject: false, all: true });
const record = (out: string) => JSON.parse(readFileSync(join(out, "certification.json"), "utf8")) as CertificationRecord;
/** Every test case of a JUnit report, by file and name (one entry per occurrence). */
const testcases = (out: string) => parseJunit(readFileSync(join(out, "junit.xml"), "utf8"), out).suites.flatMap((s) => [...s.xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((m) => `${m[1]} :: ${m[2]}`)).sort();

// Four quick scenarios in three section files (one file holds two): every shard of three gets one file.
const FILTER = "main-menu,proxy-user-limit,port-link,reset-all";

describe("hil certify --shard i/n and hil report merge (end to end, against the twin)", { timeout: 400_000 }, () => {
  const whole = join(dir, "whole");
  const shards = [1, 2, 3].map((i) => join(dir, `shard-${i}`));
  const merged = join(dir, "merged");

  it("three shards merged give the verdicts, judgement and JUnit tests of one unsharded run", async () => {
    const runs = await Promise.all([run(["certify", "--filter", FILTER, "--out", whole]), ...shards.map((out, i) => run(["certify", "--filter", FILTER, "--shard", `${i + 1}/3`, "--out", out]))]);
    for (const r of runs) expect(r.exitCode, r.all).toBe(0);
    for (const [i, r] of runs.slice(1).entries()) expect(r.stdout).toMatch(new RegExp(`^\\[certify\\] \\d scenario\\(s\\) in 1 file\\(s\\) \\(shard ${i + 1}/3 of 4 scenario\\(s\\) in 3 file\\(s\\)\\) against twin`, "m"));
    const parts = shards.map(record);
    expect(parts.map((p) => p.shard && `${p.shard.index}/${p.shard.count}`)).toEqual(["1/3", "2/3", "3/3"]);
    expect(parts.flatMap((p) => p.scenarios.map((s) => s.id)).sort()).toEqual(["main-menu", "port-link", "proxy-user-limit", "reset-all"]);

    const m = await run(["report", "merge", "--out", merged, ...shards]);
    expect(m.exitCode, m.all).toBe(0);
    expect(m.stdout).toMatch(/^\[merge\] 4 verified, 0 deviation\(s\) from the manual, 0 inconclusive, 0 skipped: VERIFIED; of 4 scenario\(s\) selected$/m);
    const one = record(whole);
    const all = record(merged);
    const outcomes = (r: CertificationRecord) => r.verdicts.map((v) => [v.scenario, v.status, v.outcome ?? null]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(outcomes(all)).toEqual(outcomes(one));
    expect(outcomes(all)).toHaveLength(4);
    expect(all.judgement).toEqual(one.judgement);
    expect(all.scenarios.map((s) => s.id)).toEqual(one.scenarios.map((s) => s.id));
    expect(all.merged!.inputs.map((i) => i.shard)).toEqual(["1/3", "2/3", "3/3"]);
    // JUnit: every test of the whole run, once (vitest lists the tests -t left out as skipped, in both).
    expect(testcases(merged)).toEqual(testcases(whole));
    expect(new Set(testcases(merged)).size).toBe(testcases(merged).length);
    const verify = await run(["certify", "verify", "--quiet", merged]);
    expect(verify.exitCode, verify.stdout).toBe(0);
    expect(readFileSync(join(merged, "html", "index.html"), "utf8").length).toBeGreaterThan(1000);
  });

  it("refuses two of the three shards, a whole run among shards, and an --out inside an input", async () => {
    const two = await run(["report", "merge", "--out", join(dir, "two"), shards[0]!, shards[2]!]);
    expect(two.exitCode).toBe(2);
    expect(two.stderr).toBe("hil report merge: these reports are not one run: missing shard(s) 2/3: given 1/3, 3/3; a merged record covers every shard of the run\n\nusage: hil report merge IN... [options]\n(hil report merge --help for details)");
    const mixed = await run(["report", "merge", "--out", join(dir, "mixed"), whole, ...shards]);
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toContain(`expected every input to be a shard (hil certify --shard i/n) or none, found ${whole} unsharded and ${shards[0]} shard 1/3`);
    const inside = await run(["report", "merge", "--out", join(shards[0]!, "m"), ...shards]);
    expect(inside.stderr).toMatch(/^hil report merge: expected --out to be outside the inputs, got '.*\/shard-1\/m', which is in the input '.*\/shard-1'\n/);
  });
});
