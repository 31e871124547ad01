// The twin is a black box: harness/ reaches it only through its console and network, never by import.
import { describe, expect, it } from "vitest";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name)) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

/** Every module specifier a file imports (static, dynamic, re-export), resolved against the repo root. */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8");
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)].map((m) => m[1]!);
  return specs.filter((s) => s.startsWith(".")).map((s) => relative(root, resolve(dirname(file), s)));
}

async function violations(fromDir: string, forbidden: string[], options: { skipTests?: boolean } = {}): Promise<string[]> {
  const found: string[] = [];
  for (const file of await sources(fromDir)) {
    if (options.skipTests && /\.test\.ts$/.test(file)) continue;
    for (const target of await importsOf(file)) {
      if (forbidden.some((f) => target === f || target.startsWith(`${f}/`))) found.push(`${relative(root, file)} imports ${target}`);
    }
  }
  return found;
}

describe("module boundaries", () => {
  it("harness/ never imports twin/", async () => {
    expect(await violations("harness", ["twin"])).toEqual([]);
  });

  it("the twin program imports nothing of harness/ (only fixtures/manual and netns helpers)", async () => {
    // The twin's own tests stand on the lab's side of the wire (portal client, captures), as scenarios do;
    // the program they test must not.
    expect(await violations("twin", ["harness", "scenarios"], { skipTests: true })).toEqual([]);
  });

  it("twin tests reach harness/ only for the lab side (platform portal, captures), never the console or UI driver", async () => {
    const all = await violations("twin", ["harness"]);
    expect(all.filter((v) => !/imports harness\/(platform|capture)\//.test(v))).toEqual([]);
  });

  it("the check itself sees imports: this file's own import of node:path is not relative, its sibling would be", async () => {
    const self = fileURLToPath(import.meta.url);
    expect(await importsOf(self)).toEqual([]);
    const doctorTest = join(root, "harness/doctor/doctor.test.ts");
    expect(await importsOf(doctorTest)).toContain("harness/doctor/checks.ts");
  });
});
