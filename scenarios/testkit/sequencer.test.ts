import { describe, expect, it } from "vitest";
import { LONG_FILES, longRank } from "./sequencer.ts";

describe("the file order", () => {
  it("the defect proof's parts rank first, other known long files after, every other file last", () => {
    expect(longRank("/repo/scenarios/defects.part3.test.ts")).toBe(0);
    expect(longRank("/repo/scenarios/recovery.test.ts")).toBeGreaterThan(0);
    expect(longRank("/repo/scenarios/recovery.test.ts")).toBeLessThan(LONG_FILES.length);
    expect(longRank("/repo/netns/util/sh.test.ts")).toBe(LONG_FILES.length);
    expect(longRank("/repo/scenarios/defect-proof.ts")).toBe(LONG_FILES.length);
  });

  it("every pattern names a file that exists (a renamed file would silently lose its place)", async () => {
    const { readdirSync } = await import("node:fs");
    const { join, resolve } = await import("node:path");
    const root = resolve(import.meta.dirname, "../..");
    const files = ["scenarios", "twin"].flatMap((d) => readdirSync(join(root, d)).map((f) => `/${d}/${f}`));
    for (const re of LONG_FILES) expect(files.some((f) => re.test(f)), String(re)).toBe(true);
  });
});
