// `hil certify` never deletes a directory that is not an earlier report, and refuses bad arguments before anything.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
