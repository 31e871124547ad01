// --shard i/n: its value is checked, and the files predicted for each shard are the ones vitest itself runs.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { parseShard, partOfFile, partSlice, shardFiles, shardSelection } from "./shard.ts";

describe("parseShard", () => {
  it("takes i/n with 1 <= i <= n", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    expect(parseShard("1/1")).toEqual({ index: 1, count: 1 });
  });

  it("names the option, what it expects and what it got", () => {
    for (const bad of ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1.5/3", ""]) expect(parseShard(bad)).toBe(`expected --shard to be i/n with whole numbers 1 <= i <= n (e.g. 2/3), got '${bad}'`);
  });
});

describe("shardFiles", () => {
  it("cuts the files into n shards, each file in exactly one, sizes within one of each other", () => {
    const files = Array.from({ length: 10 }, (_, i) => `scenarios/s${i}.test.ts`);
    const shards = [1, 2, 3].map((index) => shardFiles(files, { index, count: 3 }));
    expect(shards.flat().sort()).toEqual([...files].sort());
    expect(shards.map((s) => s.length)).toEqual([4, 3, 3]);
  });

  it("predicts the files vitest's own --shard runs", { timeout: 60_000 }, async () => {
    const root = await mkdtemp(join(tmpdir(), "hil-shard-"));
    try {
      await mkdir(join(root, "scenarios"));
      const files = Array.from({ length: 7 }, (_, i) => `scenarios/file-${i}.test.ts`);
      for (const f of files) await writeFile(join(root, f), `import { it } from "vitest";\nit("one", () => {});\n`);
      await writeFile(join(root, "vitest.config.mjs"), "export default {};\n");
      const vitest = join(import.meta.dirname, "../../../node_modules/.bin/vitest");
      for (const index of [1, 2, 3]) {
        const r = await execa(vitest, ["run", "--shard", `${index}/3`, "--reporter", "json", ...files], { cwd: root, reject: false });
        const ran = (JSON.parse(r.stdout) as { testResults: { name: string }[] }).testResults.map((t) => t.name.slice(root.length + 1)).sort();
        expect(ran, r.stderr).toEqual(shardFiles(files, { index, count: 3 }));
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("shardSelection", () => {
  it("holds the selected scenarios of its files; a part file holds its slice of the whole section", async () => {
    const root = await mkdtemp(join(tmpdir(), "hil-shard-"));
    try {
      const catalogue = [
        { id: "a1", section: "A", behaviour: "a one" },
        { id: "b1", section: "B", behaviour: "b one" },
        { id: "b2", section: "B", behaviour: "b two" },
        { id: "b3", section: "B", behaviour: "b three" },
        { id: "c1", section: "C", behaviour: "c one" },
      ];
      await writeFile(join(root, "a.test.ts"), 'section("A");\n');
      await writeFile(join(root, "b.part1.test.ts"), 'section("B", { part: [1, 2] });\n');
      await writeFile(join(root, "b.part2.test.ts"), 'section("B", { part: [2, 2] });\n');
      await writeFile(join(root, "c.test.ts"), 'section("C");\n');
      expect(await partOfFile(root, "b.part2.test.ts")).toEqual([2, 2]);
      expect(await partOfFile(root, "a.test.ts")).toBeUndefined();
      expect(partSlice(["b1", "b2", "b3"], [1, 2])).toEqual(["b1"]);
      expect(partSlice(["b1", "b2", "b3"], [2, 2])).toEqual(["b2", "b3"]);
      const sections = new Map([["A", ["a.test.ts"]], ["B", ["b.part1.test.ts", "b.part2.test.ts"]], ["C", ["c.test.ts"]]]);
      const selection = { scenarios: catalogue.filter((s) => s.id !== "c1"), files: ["a.test.ts", "b.part1.test.ts", "b.part2.test.ts"] };
      const shards = await Promise.all([1, 2, 3].map((index) => shardSelection(root, selection, { index, count: 3 }, catalogue, sections)));
      for (const s of shards) {
        expect(s.files).toHaveLength(1);
        const expected = { "a.test.ts": ["a1"], "b.part1.test.ts": ["b1"], "b.part2.test.ts": ["b2", "b3"] }[s.files[0]!];
        expect(s.scenarios.map((x) => x.id)).toEqual(expected);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
