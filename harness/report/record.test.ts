// The certification record: provenance, verdicts with evidence by path and sha256, a digest; verify catches changes.
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonical, projectionLines, projectionOf, verifyRecord, writeRecord } from "./record.ts";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const labels = (section: string, serial: string) => [
  { name: "manual_section", value: section },
  { name: "dut", value: "twin" },
  { name: "dut_kind", value: "twin" },
  { name: "dut_serial", value: serial },
  { name: "dut_model", value: "current" },
];

let out = "";
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), "hil-record-"));
  await mkdir(join(out, "allure-results"), { recursive: true });
  await mkdir(join(out, "evidence", "boot-1a2b3c4d"), { recursive: true });
  await writeFile(join(out, "evidence", "boot-1a2b3c4d", "twin.cast"), "cast\n");
  await writeFile(join(out, "allure-results", "c1-attachment.cast"), "cast\n");
  await writeFile(join(out, "allure-results", "s1-attachment.txt"), "screen\n");
  await writeFile(join(out, "junit.xml"), "<testsuites/>\n");
  await writeFile(join(out, "allure-results", "a-result.json"), JSON.stringify({
    name: "boot messages in order", fullName: "scenarios/s.test.ts#boot", status: "passed", start: 1000, stop: 3500,
    labels: labels("System Reboot and Shutdown", "29001"),
    parameters: [{ name: "software version", value: "6.7.20-1" }, { name: "signature version", value: "2.2.245-2" }],
    attachments: [{ name: "boot-1a2b3c4d/twin.cast", source: "c1-attachment.cast", type: "application/x-asciicast" }],
    steps: [{ name: "press ENTER", status: "passed", attachments: [{ name: "screen", source: "s1-attachment.txt", type: "text/plain" }] }],
  }));
  await writeFile(join(out, "allure-results", "b-result.json"), JSON.stringify({
    name: "netmask ring", fullName: "scenarios/x.test.ts#netmask ring", status: "failed", labels: [...labels("Configure Static IP Address", "29002"), { name: "outcome", value: "deviation" }],
    statusDetails: { message: "expected 255.255.254.000\nstack..." },
  }));
});
afterEach(() => rm(out, { recursive: true, force: true }));

const input = () => ({
  root: out, out, selector: "twin", started: new Date("2026-12-06T05:00:00Z"), now: new Date("2026-12-06T05:10:00Z"),
  host: { name: "labhost", os: "linux 6.1" }, suite: { commit: "abc123", dirty: true, changed: ["harness/x.ts"], node: "v20" },
  scenarios: [
    { id: "boot-sequence", section: "System Reboot and Shutdown", behaviour: "boot messages in order" },
    { id: "netmask-ring", section: "Configure Static IP Address", behaviour: "netmask ring" },
    { id: "static-ip", section: "Configure Static IP Address", behaviour: "static IP on LAN" },
  ],
});

describe("certification record", () => {
  it("lists a skipped scenario with its reason (allure keeps none for a skip: the skip_reason label)", async () => {
    await writeFile(join(out, "allure-results", "c-result.json"), JSON.stringify({
      name: "static IP on LAN", fullName: "scenarios/x.test.ts#static IP on LAN", status: "skipped", statusDetails: {},
      labels: [...labels("Configure Static IP Address", "29003"), { name: "skip_reason", value: "needs a legacy model appliance; the selected one is current" }],
    }));
    const r = await writeRecord(input());
    expect(r.verdicts.find((v) => v.status === "skipped")?.message).toBe("needs a legacy model appliance; the selected one is current");
  });


  it("records provenance, the DUT, the manual, the scenarios, and each verdict's evidence by path and sha256", async () => {
    const r = await writeRecord(input());
    expect(r.suite).toEqual({ commit: "abc123", dirty: true, changed: ["harness/x.ts"], node: "v20" });
    expect(r.duts).toEqual([{ name: "twin", kind: ["twin"], serial: ["29001", "29002"], model: ["current"], versions: { "signature version": ["2.2.245-2"], "software version": ["6.7.20-1"] } }]);
    expect(r.manual.dated).toBe("October 21, 2022");
    expect(r.manual.sha256).toBe(createHash("sha256").update(await readFile(r.manual.file)).digest("hex"));
    expect(r.totals).toMatchObject({ passed: 1, failed: 1 });
    const boot = r.verdicts.find((v) => v.section === "System Reboot and Shutdown")!;
    expect(boot.durationMs).toBe(2500);
    expect(boot.evidence).toEqual([
      { path: "evidence/boot-1a2b3c4d/twin.cast", sha256: sha("cast\n"), bytes: 5 },
      { path: "allure-results/s1-attachment.txt", sha256: sha("screen\n"), bytes: 7 },
    ]);
    expect(r.junit).toEqual({ path: "junit.xml", sha256: sha("<testsuites/>\n"), bytes: 14 });
    const { digest, ...rest } = JSON.parse(await readFile(join(out, "certification.json"), "utf8")) as typeof r;
    expect(digest).toBe(sha(canonical(rest)));
    const md = await readFile(join(out, "certification.md"), "utf8");
    expect(md).toContain(`- Record digest (sha256): \`${digest}\``);
    expect(md).toContain("- Suite: commit abc123 **with uncommitted changes** (harness/x.ts), node v20");
    expect(md).toContain("- DUT twin: kind twin, model current, serial 29001, 29002\n  - signature version: 2.2.245-2\n  - software version: 6.7.20-1\n");
    expect(md).toContain("- **DEVIATION** [Configure Static IP Address] scenarios/x.test.ts#netmask ring (dut: twin serial 29002)\n  - expected 255.255.254.000\n");
    expect(md).toContain(`  - evidence: evidence/boot-1a2b3c4d/twin.cast (sha256 ${sha("cast\n")})`);
    expect(md).toContain("- static-ip [Configure Static IP Address] static IP on LAN — **NO VERDICT**");
    expect(md).not.toContain("netmask ring — **NO VERDICT**");
    expect(md).toContain("Verdict: 1 verified, 1 deviation(s) from the manual, 0 inconclusive, 0 skipped: DEVIATIONS FOUND; of 3 scenario(s) selected.");
  });

  it("counts only deviations against the firmware: a line fault, a setup error or an unlabelled failure makes the run inconclusive, per section and in total", async () => {
    const failed = (file: string, name: string, section: string, outcome: string | null, message: string) =>
      writeFile(join(out, "allure-results", file), JSON.stringify({
        name, fullName: `scenarios/y.test.ts#${name}`, status: "failed",
        labels: [...labels(section, "29003"), ...(outcome ? [{ name: "outcome", value: outcome }] : [])], statusDetails: { message },
      }));
    await rm(join(out, "allure-results", "b-result.json")); // no deviation in this run
    await failed("c-result.json", "static IP on LAN", "Configure Static IP Address", "line-fault", "LINE FAULT on twin's console (not the firmware): characters lost on the line\n...");
    await failed("d-result.json", "rig", "(no manual section)", "setup-error", "SETUP ERROR (the rig, not the firmware): HIL_DUT=\"x\"");
    await failed("e-result.json", "teardown", "System Reboot and Shutdown", null, "rig teardown: 1 step(s) failed");
    const r = await writeRecord(input());
    expect(r.format).toBe("hil-certification-record/2");
    expect(r.judgement).toEqual({ verdict: "inconclusive", verified: 1, deviations: 0, inconclusive: 3, skipped: 0, failures: { "line-fault": 1, "setup-error": 1, unclassified: 1 } });
    expect(r.sections).toEqual([
      { section: "(no manual section)", verified: 0, deviations: 0, inconclusive: 1, skipped: 0 },
      { section: "Configure Static IP Address", verified: 0, deviations: 0, inconclusive: 1, skipped: 0 },
      { section: "System Reboot and Shutdown", verified: 1, deviations: 0, inconclusive: 1, skipped: 0 },
    ]);
    const md = await readFile(join(out, "certification.md"), "utf8");
    expect(md).toContain("Verdict: 1 verified, 0 deviation(s) from the manual, 3 inconclusive (line-fault 1, setup-error 1, unclassified 1), 0 skipped: INCONCLUSIVE (no deviation found, but not every scenario could be judged); of 3 scenario(s) selected.");
    expect(md).toContain("| Configure Static IP Address | 0 | 0 | 1 | 0 |");
    expect(md).toContain("- **INCONCLUSIVE: line-fault** [Configure Static IP Address] scenarios/y.test.ts#static IP on LAN (dut: twin serial 29003)\n  - LINE FAULT on twin's console (not the firmware): characters lost on the line\n");
    expect(md).toContain("- **INCONCLUSIVE: unclassified** [System Reboot and Shutdown] scenarios/y.test.ts#teardown");
    expect(md).not.toContain("**DEVIATION**");
  });

  it("a scenario run again after an inconclusive attempt: its verdict is the last attempt's, each earlier attempt is listed", async () => {
    const rerun = (file: string, name: string, status: string, outcomes: string[], message?: string) =>
      writeFile(join(out, "allure-results", file), JSON.stringify({
        name, fullName: `scenarios/y.test.ts#${name}`, status, ...(message ? { statusDetails: { message } } : {}),
        labels: [...labels("Configure Static IP Address", "29003"), ...outcomes.flatMap((o, i) => [{ name: "outcome", value: o }, ...(i < outcomes.length - 1 || status === "passed" ? [{ name: "rerun", value: `attempt ${i + 1}: ${o.toUpperCase()} headline ${i + 1}` }] : [])])],
      }));
    await rm(join(out, "allure-results", "b-result.json"));
    await rerun("c-result.json", "static IP on LAN", "passed", ["line-fault"]);
    await rerun("d-result.json", "netmask ring", "failed", ["unresponsive", "deviation"], "DEVIATION from the manual on twin at x");
    const r = await writeRecord(input());
    expect(r.judgement).toMatchObject({ verdict: "deviations", verified: 2, deviations: 1, inconclusive: 0 });
    expect(r.verdicts.find((v) => v.test.endsWith("static IP on LAN"))?.reruns).toEqual(["attempt 1: LINE-FAULT headline 1"]);
    const md = await readFile(join(out, "certification.md"), "utf8");
    expect(md).toContain("Run again: 2 scenario(s) had an inconclusive attempt");
    expect(md).toContain("- **VERIFIED** [Configure Static IP Address] scenarios/y.test.ts#static IP on LAN (dut: twin serial 29003)\n  - run again after attempt 1: LINE-FAULT headline 1\n");
    expect(md).toContain("- **DEVIATION** [Configure Static IP Address] scenarios/y.test.ts#netmask ring (dut: twin serial 29003)\n  - DEVIATION from the manual on twin at x\n  - run again after attempt 1: UNRESPONSIVE headline 1\n");
  });

  it("verify passes on a fresh record", async () => {
    await writeRecord(input());
    const checks = await verifyRecord(out);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.what)).toEqual(["certification.json", "certification.md", "evidence/boot-1a2b3c4d/twin.cast", "allure-results/s1-attachment.txt", "junit.xml"]);
  });

  it("verify fails on a changed or missing evidence file, an edited record or an edited summary, naming each", async () => {
    const r = await writeRecord(input());
    await writeFile(join(out, "evidence", "boot-1a2b3c4d", "twin.cast"), "forged\n");
    await rm(join(out, "junit.xml"));
    expect((await verifyRecord(out)).filter((c) => !c.ok)).toEqual([
      { ok: false, what: "evidence/boot-1a2b3c4d/twin.cast", detail: `changed: recorded sha256 ${sha("cast\n")}, found ${sha("forged\n")}` },
      { ok: false, what: "junit.xml", detail: "missing" },
    ]);
    const json = join(out, "certification.json");
    await writeFile(json, (await readFile(json, "utf8")).replace('"failed": 1', '"failed": 0'));
    const md = join(out, "certification.md");
    await writeFile(md, (await readFile(md, "utf8")).replace("DEVIATION", "VERIFIED"));
    const bad = (await verifyRecord(out)).filter((c) => !c.ok).map((c) => c.what);
    expect(bad).toEqual(["certification.json", "certification.md", "evidence/boot-1a2b3c4d/twin.cast", "junit.xml"]);
    expect((await verifyRecord(out))[0]!.detail).toMatch(new RegExp(`^changed: its digest says ${r.digest}, its content gives [0-9a-f]{64}$`));
  });

  it("verify names a directory without a record", async () => {
    expect(await verifyRecord(join(out, "evidence"))).toEqual([{ ok: false, what: join(out, "evidence", "certification.json"), detail: "missing: no certification record in this directory" }]);
  });
});

describe("projection in the record", () => {
  it("sums the per-section projection files (a section's parts into the section); none gives none", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hil-proj-"));
    try {
      expect(await projectionOf(join(dir, "missing"))).toBeUndefined();
      // A section cut into parts writes one file a part; they add up to the section.
      // Each row names the appliance that ran it: two of the current model (a pool), one older.
      const a = { name: "hwa", model: "current" }, b = { name: "hwb", model: "current" }, o = { name: "hwo", model: "legacy" };
      await writeFile(join(dir, "Configure-VLANs-part-1-of-2.json"), JSON.stringify([{ wallMs: 1000, projectedMs: 60_000, dut: a }]));
      await writeFile(join(dir, "Configure-VLANs-part-2-of-2.json"), JSON.stringify([{ wallMs: 500, projectedMs: 30_000, dut: b }]));
      await writeFile(join(dir, "System-Reboot.json"), JSON.stringify([{ wallMs: 2000, projectedMs: 180_000, dut: a }, { wallMs: 100, projectedMs: 5_000, dut: o }]));
      const p = await projectionOf(dir);
      expect(p).toEqual({
        scenarios: 4, wallMs: 3600, projectedMs: 275_000,
        sections: [{ section: "Configure VLANs", scenarios: 2, wallMs: 1500, projectedMs: 90_000 }, { section: "System Reboot", scenarios: 2, wallMs: 2100, projectedMs: 185_000 }],
        // One appliance per model: the current model's scenarios all on one, longest first.
        models: [{ name: "current", model: "current", scenarios: 3, projectedMs: 270_000 }, { name: "legacy", model: "legacy", scenarios: 1, projectedMs: 5_000 }],
        appliances: [{ name: "hwa", model: "current", scenarios: 2, projectedMs: 240_000 }, { name: "hwb", model: "current", scenarios: 1, projectedMs: 30_000 }, { name: "hwo", model: "legacy", scenarios: 1, projectedMs: 5_000 }],
      });
      expect(projectionLines(p!)).toEqual([
        "- Projected duration on real hardware timings (boots, checks, messages and key echoes at a real appliance's timings): 4.6 min for all 4 scenario(s) one after another (this run's wall time 0.1 min)",
        "  - per model, each model's scenarios on one appliance of it (a lab's appliances run side by side): current 4.5 min for 3, legacy 0.1 min for 1",
        "  - per appliance of this run: hwa (current) 4.0 min for 2, hwb (current) 0.5 min for 1, hwo (legacy) 0.1 min for 1",
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("cautions when scenarios were measured through the twin backend (a fresh boot each), and says how to measure", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hil-proj-"));
    try {
      const twin = { name: "twin", model: "current", kind: "twin" }, box = { name: "box1", model: "current", kind: "hardware" };
      await writeFile(join(dir, "System-Reboot.json"), JSON.stringify([{ wallMs: 1000, projectedMs: 120_000, dut: twin }, { wallMs: 1000, projectedMs: 120_000, dut: twin }]));
      await writeFile(join(dir, "Configure-VLANs.json"), JSON.stringify([{ wallMs: 1000, projectedMs: 20_000, dut: box }]));
      const p = await projectionOf(dir);
      expect(p?.twinBackend).toBe(2);
      expect(projectionLines(p!).at(-1)).toBe(
        "  - caution: 2 of these 3 scenario(s) were measured through the twin backend, which boots a fresh twin for each, so each counts a real boot (up to 3 min) that a hardware run starting from the appliance's known state does not make; measure on the hardware path (HIL_DUT=lab.yaml:NAME; a twin box will do, as .ci/hardware-path does) for the figure a nightly run will see",
      );
      await rm(join(dir, "System-Reboot.json"));
      const hw = await projectionOf(dir);
      expect(hw?.twinBackend).toBeUndefined();
      expect(projectionLines(hw!).join("\n")).not.toContain("caution");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
