// The bundler: one runnable file per entry, each module keeping its own import.meta.url, reused until an input changes.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundled } from "./bundle.ts";

const root = mkdtempSync(join(tmpdir(), "hil-bundle-test-"));
const repo = join(root, "repo");
const cache = join(root, "cache");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const write = (path: string, text: string) => {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), text);
};
const runNode = (file: string) => execFileSync(process.execPath, [file], { encoding: "utf8" }).trim();

describe("bundled", () => {
  write("main.ts", 'import { where } from "./lib/where.ts";\nimport { execFileSync } from "node:child_process";\nconsole.log(JSON.stringify({ main: import.meta.url, lib: where(), child: typeof execFileSync }));\n');
  write("lib/where.ts", "export const where = (): string => import.meta.url;\n");

  it("builds one file that runs with plain node; each module keeps its own import.meta.url", async () => {
    const file = await bundled(repo, join(repo, "main.ts"), cache);
    expect(file).toMatch(new RegExp(`^${cache}/repo-main-[0-9a-f]{24}\\.mjs$`));
    expect(JSON.parse(runNode(file!))).toEqual({ main: pathToFileURL(join(repo, "main.ts")).href, lib: pathToFileURL(join(repo, "lib/where.ts")).href, child: "function" });
  });

  it("reuses the file while the inputs are unchanged and rebuilds when one changes", async () => {
    const first = await bundled(repo, join(repo, "main.ts"), cache);
    expect(await bundled(repo, join(repo, "main.ts"), cache)).toBe(first);
    write("lib/where.ts", 'export const where = (): string => "changed";\n');
    const second = await bundled(repo, join(repo, "main.ts"), cache);
    expect(second).not.toBe(first);
    expect(JSON.parse(runNode(second!)).lib).toBe("changed");
    // The superseded bundle goes once it is old; the current one stays.
    const old = new Date(Date.now() - 60 * 60_000);
    utimesSync(first!, old, old);
    write("lib/where.ts", 'export const where = (): string => "again";\n');
    const third = await bundled(repo, join(repo, "main.ts"), cache);
    expect(existsSync(first!)).toBe(false);
    expect(existsSync(second!)).toBe(true);
    expect(JSON.parse(runNode(third!)).lib).toBe("again");
  });

  it("answers undefined when the entry does not build (the caller falls back to tsx)", async () => {
    write("broken.ts", "export const = ;\n");
    expect(await bundled(repo, join(repo, "broken.ts"), cache)).toBeUndefined();
  });
});
