// Every manual section that has scenarios is declared by exactly one section file, so no scenario runs twice
// and none is left out of the suite.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCENARIOS } from "./catalogue.ts";

const dir = new URL(".", import.meta.url).pathname;

describe("section files", () => {
  it("declare each section with scenarios exactly once", () => {
    const declared = readdirSync(dir)
      .filter((f) => f.endsWith(".test.ts"))
      .flatMap((f) => [...readFileSync(dir + f, "utf8").matchAll(/^section\("([^"]+)"\);$/gm)].map((m) => ({ file: f, section: m[1]! })));
    const files = new Map<string, string[]>();
    for (const d of declared) files.set(d.section, [...(files.get(d.section) ?? []), d.file]);
    expect([...files].filter(([, f]) => f.length > 1).map(([s, f]) => `${s}: ${f.join(", ")}`)).toEqual([]);
    expect([...new Set(SCENARIOS.map((s) => s.section))].filter((s) => !files.has(s))).toEqual([]);
  });
});
