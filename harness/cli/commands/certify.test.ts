// `hil certify` runs the manual's sections only: the suite's own unit tests and the defect proof are left out.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { notSections } from "./certify.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-certify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("notSections", () => {
  it("lists the test files that declare no manual section, in subfolders too", async () => {
    mkdirSync(join(dir, "checks"));
    writeFileSync(join(dir, "proxy-configuration.test.ts"), 'import { section } from "./section.ts";\n\nsection("Proxy Configuration");\n');
    writeFileSync(join(dir, "defects.test.ts"), "describe('each scenario fails', () => {});\n");
    writeFileSync(join(dir, "checks", "limits.test.ts"), "it('x', () => {});\n");
    writeFileSync(join(dir, "checks", "limits.ts"), "export const x = 1;\n");
    expect(await notSections(dir)).toEqual([join("scenarios", "checks/limits.test.ts"), join("scenarios", "defects.test.ts")]);
  });
});
