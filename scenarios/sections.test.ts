// Every manual section that has scenarios is declared by exactly one section file, or by the files of its parts
// (each part 1..n exactly once, all with the same n), so no scenario runs twice and none is left out of the suite.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCENARIOS, scenariosOf } from "./catalogue.ts";
import { partOf } from "./section.ts";

const dir = new URL(".", import.meta.url).pathname;

describe("section files", () => {
  it("declare each section with scenarios exactly once, whole or in complete parts", () => {
    const declared = readdirSync(dir)
      .filter((f) => f.endsWith(".test.ts"))
      .flatMap((f) => [...readFileSync(dir + f, "utf8").matchAll(/^section\("([^"]+)"(?:, \{ part: \[(\d+), (\d+)\] \})?\);$/gm)]
        .map((m) => ({ file: f, section: m[1]!, part: m[2] ? `${m[2]}/${m[3]}` : "whole" })));
    const bySection = new Map<string, string[]>();
    for (const d of declared) bySection.set(d.section, [...(bySection.get(d.section) ?? []), d.part]);
    const wrong = [...bySection].filter(([, parts]) => {
      if (parts.length === 1 && parts[0] === "whole") return false;
      const n = Number(parts[0]!.split("/")[1]);
      const want = Array.from({ length: n }, (_, i) => `${i + 1}/${n}`);
      return JSON.stringify([...parts].sort()) !== JSON.stringify(want.sort());
    });
    expect(wrong.map(([s, p]) => `${s}: ${p.join(", ")}`)).toEqual([]);
    expect([...new Set(SCENARIOS.map((s) => s.section))].filter((s) => !bySection.has(s))).toEqual([]);
  });

  it("parts cover a section's scenarios once each, in order, differing in length by at most one", () => {
    const list = scenariosOf("Appliance Network Errors");
    for (const n of [1, 2, 3, 4, 7]) {
      const parts = Array.from({ length: n }, (_, i) => partOf(list, i + 1, n));
      expect(parts.flat()).toEqual(list);
      const lengths = parts.map((p) => p.length);
      expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1);
    }
    expect(() => partOf(list, 0, 2)).toThrow("section part: expected 1 <= i <= n (integers), found 0 of 2");
  });
});
