import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSummary } from "./summary.ts";

const result = (name: string, status: string, section: string, extra: object = {}) => ({
  name,
  fullName: `scenarios/x.test.ts#${name}`,
  status,
  labels: [{ name: "manual_section", value: section }, { name: "dut", value: "twin" }],
  ...extra,
});

describe("certification summary", () => {
  it("counts verified behaviours and deviations per manual section and lists evidence", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hil-summary-"));
    try {
      await writeFile(join(dir, "a-result.json"), JSON.stringify(result("boot messages in order", "passed", "System Reboot and Shutdown", {
        attachments: [{ name: "console.cast", source: "c1-attachment.cast", type: "application/x-asciicast" }],
        parameters: [{ name: "software version", value: "6.7.20-1" }],
      })));
      await writeFile(join(dir, "b-result.json"), JSON.stringify(result("netmask ring", "failed", "Configure Static IP Address", {
        statusDetails: { message: "expected 255.255.254.000\nstack..." },
      })));
      await writeFile(join(dir, "ignored.json"), "{}");
      const s = await writeSummary(dir, dir);
      expect(s.totals).toMatchObject({ passed: 1, failed: 1 });
      expect(s.sections).toEqual([
        { section: "Configure Static IP Address", verified: 0, deviations: 1, skipped: 0 },
        { section: "System Reboot and Shutdown", verified: 1, deviations: 0, skipped: 0 },
      ]);
      expect(s.versions).toEqual({ "software version": ["6.7.20-1"] });
      const md = await readFile(join(dir, "certification.md"), "utf8");
      expect(md).toContain("- **DEVIATION** [Configure Static IP Address] scenarios/x.test.ts#netmask ring (dut: twin)\n  - expected 255.255.254.000\n");
      expect(md).toContain("  - evidence: console.cast (c1-attachment.cast)");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
