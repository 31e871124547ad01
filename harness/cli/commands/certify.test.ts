// `hil certify` never deletes a directory that is not an earlier report, and refuses bad arguments before anything.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { notAReport } from "./certify.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-certify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("notAReport", () => {
  it("allows an absent, an empty, or an earlier report directory", async () => {
    expect(await notAReport(join(dir, "absent"))).toBeUndefined();
    mkdirSync(join(dir, "empty"));
    expect(await notAReport(join(dir, "empty"))).toBeUndefined();
    mkdirSync(join(dir, "old", "allure-results"), { recursive: true });
    writeFileSync(join(dir, "old", "certification.json"), "{}");
    expect(await notAReport(join(dir, "old"))).toBeUndefined();
  });

  it("names what makes a directory not a report", async () => {
    mkdirSync(join(dir, "home", ".ssh"), { recursive: true });
    writeFileSync(join(dir, "home", "notes.txt"), "x");
    writeFileSync(join(dir, "home", "certification.md"), "x");
    expect(await notAReport(join(dir, "home"))).toBe(`${join(dir, "home")} holds '.ssh', 'notes.txt', which no report has: not deleting it`);
    expect(await notAReport(join(dir, "home", "notes.txt"))).toBe(`${join(dir, "home", "notes.txt")} is a file, not a report directory`);
  });
});

// Through the real CLI: --help and bad arguments touch nothing; a one-scenario run gives a record that verifies, and
// a changed evidence file makes verify fail naming it.
describe("hil certify (end to end, one scenario against the twin)", { timeout: 240_000 }, () => {
  const hil = join(import.meta.dirname, "..", "hil.sh");
  const run = (args: string[]) => execa(hil, ["certify", ...args], { reject: false, all: true });

  it("--help prints the usage and leaves --out alone; bad arguments are refused before anything", async () => {
    const out = join(dir, "kept");
    mkdirSync(join(out, "allure-results"), { recursive: true });
    writeFileSync(join(out, "certification.json"), "{}");
    const help = await run(["--help", "--out", out]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^usage: hil certify \[options\]\n/);
    const bad = await run(["--out", out, "--filter", "statc-ip"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe(`hil certify: expected --filter to be a scenario id (e.g. boot-sequence), a scenario's behaviour or a manual section's title, got 'statc-ip' (did you mean 'static-ip'?); hil certify --list shows them\n\nusage: hil certify [options]\n(hil certify --help for details)`);
    const typo = await run(["--out", out, "--fliter", "static-ip"]);
    expect(typo.stderr).toMatch(/^hil certify: unknown option '--fliter' \(did you mean '--filter'\?\)\n/);
    const shard = await run(["--out", out, "--shard", "4/3"]);
    expect(shard.exitCode).toBe(2);
    expect(shard.stderr).toMatch(/^hil certify: expected --shard to be i\/n with whole numbers 1 <= i <= n \(e\.g\. 2\/3\), got '4\/3'\n/);
    const tooMany = await run(["--out", out, "--filter", "main-menu", "--shard", "1/2"]);
    expect(tooMany.exitCode).toBe(2);
    expect(tooMany.stderr).toMatch(/^hil certify: expected --shard's N to be at most the 1 section file\(s\) selected \(vitest shards by file\), got '1\/2'\n/);
    const listed = await run(["--list", "--filter", "main-menu,reset-all", "--shard", "1/2"]);
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toMatch(/^shard 1\/2: scenarios\/[a-z-]+\.test\.ts\n/);
    expect(readFileSync(join(out, "certification.json"), "utf8")).toBe("{}");
  });

  it("writes a record, JUnit XML and progress; verify passes, then fails on a changed evidence file", async () => {
    const out = join(dir, "run");
    const r = await run(["--filter", "main-menu", "--out", out]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(/^\[certify\] 1\/1 PASS {2}Navigating the Appliance UI > main menu and SETUP NETWORK items in order, with their navigation indicators \(\d+\.\d s\)$/m);
    expect(r.stdout).not.toMatch(/\[certify\] \d+\/\d+ SKIP/);
    expect(readFileSync(join(out, "junit.xml"), "utf8")).toContain("<testsuites");
    const ok = await run(["verify", out]);
    expect(ok.exitCode, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/hil certify verify: all \d+ check\(s\) passed$/);
    const record = JSON.parse(readFileSync(join(out, "certification.json"), "utf8")) as { verdicts: { evidence: { path: string }[] }[] };
    const cast = record.verdicts[0]!.evidence.find((e) => e.path.endsWith(".cast"))!.path;
    expect(cast).toMatch(/^evidence\/navigating-the-appliance-ui-main_menu_and_SETUP_NETWORK_item-[0-9a-f]{8}\/twin\.cast$/);
    writeFileSync(join(out, cast), "forged\n");
    const bad = await run(["verify", "--quiet", out]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`^FAILED  ${cast.replace(/[.]/g, "\\.")}: changed: recorded sha256 [0-9a-f]{64}, found [0-9a-f]{64}\\nhil certify verify: 1 of \\d+ check\\(s\\) failed: this record cannot be trusted$`));
  });
});
