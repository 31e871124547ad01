// The bundler: one runnable file per entry, each module keeping its own import.meta.url, reused until an input changes.
import { execFileSync } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundled, holdBundle } from "./bundle.ts";

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

  it("zod keeps its English messages and no other language (a third of a bundle, compiled at every start)", async () => {
    symlinkSync(join(process.cwd(), "node_modules"), join(repo, "node_modules"));
    write("zodmain.ts", 'import { z } from "zod";\nconst r = z.string().safeParse(1);\nconsole.log(JSON.stringify({ message: r.error?.issues[0]?.message, locales: Object.keys(z.locales) }));\n');
    const file = await bundled(repo, join(repo, "zodmain.ts"), cache);
    expect(JSON.parse(runNode(file!))).toEqual({ message: "Invalid input: expected string, received number", locales: ["en"] });
    expect(await bundled(repo, join(repo, "zodmain.ts"), cache)).toBe(file); // its stand-in module is an input like any
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

  it("a reused bundle is in use: its age restarts, so a later build of the same entry does not prune it", async () => {
    write("lib/where.ts", 'export const where = (): string => "in use";\n');
    const used = await bundled(repo, join(repo, "main.ts"), cache);
    const old = new Date(Date.now() - 60 * 60_000);
    utimesSync(used!, old, old);
    expect(await bundled(repo, join(repo, "main.ts"), cache)).toBe(used); // a run starts a process from it again
    write("lib/where.ts", 'export const where = (): string => "newer";\n');
    const newer = await bundled(repo, join(repo, "main.ts"), cache);
    expect(newer).not.toBe(used);
    expect(existsSync(used!)).toBe(true);
    expect(JSON.parse(runNode(used!)).lib).toBe("in use");
  });

  it("two checkouts keep their bundles apart: a build in one never prunes the other's", async () => {
    const other = join(root, "other");
    mkdirSync(join(other, "lib"), { recursive: true });
    writeFileSync(join(other, "main.ts"), readFileSync(join(repo, "main.ts")));
    writeFileSync(join(other, "lib/where.ts"), 'export const where = (): string => "other v1";\n');
    const mine = await bundled(repo, join(repo, "main.ts"));
    const theirs = await bundled(other, join(other, "main.ts"));
    expect(dirname(mine!)).toBe(join(repo, "node_modules", ".cache", "hil-bundle"));
    expect(dirname(theirs!)).toBe(join(other, "node_modules", ".cache", "hil-bundle"));
    const old = new Date(Date.now() - 60 * 60_000);
    utimesSync(mine!, old, old);
    writeFileSync(join(other, "lib/where.ts"), 'export const where = (): string => "other v2";\n');
    await bundled(other, join(other, "main.ts"));
    expect(existsSync(mine!)).toBe(true);
  });

  it("takes a touched but unchanged input for current (content compared once, then its new stamp)", async () => {
    const first = await bundled(repo, join(repo, "main.ts"), cache);
    const records = () => readdirSync(cache).filter((n) => n.endsWith(".json")).map((n) => JSON.parse(readFileSync(join(cache, n), "utf8")) as { file: string; inputs: string[]; stamps: string[] });
    const stampOfWhere = () => {
      const r = records().find((x) => x.file === first)!;
      return r.stamps[r.inputs.indexOf("lib/where.ts")];
    };
    const before = stampOfWhere();
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(repo, "lib/where.ts"), later, later);
    expect(await bundled(repo, join(repo, "main.ts"), cache)).toBe(first);
    expect(stampOfWhere()).not.toBe(before);
    const now = statSync(join(repo, "lib/where.ts"));
    expect(stampOfWhere()).toBe(`${now.size}:${now.mtimeMs}`);
    // Same size, new mtime, other content: rebuilt.
    write("lib/where.ts", 'export const where = (): string => "AGAIN";\n');
    const rebuilt = await bundled(repo, join(repo, "main.ts"), cache);
    expect(rebuilt).not.toBe(first);
    expect(JSON.parse(runNode(rebuilt!)).lib).toBe("AGAIN");
  });

  it("answers undefined when the entry does not build (the caller falls back to tsx)", async () => {
    write("broken.ts", "export const = ;\n");
    expect(await bundled(repo, join(repo, "broken.ts"), cache)).toBeUndefined();
  });

  describe("split (one chunk per lazily loaded module)", () => {
    write("cli.ts", 'const [what] = process.argv.slice(2);\nif (what === "lazy") console.log((await import("./cmd/lazy.ts")).say());\nelse console.log("entry only");\n');
    write("cmd/lazy.ts", 'export const say = (): string => "lazy v1";\n');
    const split = () => bundled(repo, join(repo, "cli.ts"), cache, { splitting: true });
    const runWith = (file: string, arg: string) => execFileSync(process.execPath, [file, arg], { encoding: "utf8" }).trim();

    it("builds a directory whose entry loads the lazy module's chunk on demand; an edit of that module rebuilds it", async () => {
      const file = await split();
      expect(file).toMatch(new RegExp(`^${cache}/repo-cli-[0-9a-f]{24}/cli\\.mjs$`));
      expect(readdirSync(dirname(file!)).filter((n) => n.endsWith(".mjs")).length).toBeGreaterThan(1);
      expect(readFileSync(file!, "utf8")).not.toContain("lazy v1");
      expect(runWith(file!, "entry")).toBe("entry only");
      expect(runWith(file!, "lazy")).toBe("lazy v1");
      expect(await split()).toBe(file);
      write("cmd/lazy.ts", 'export const say = (): string => "lazy v2";\n');
      const next = await split();
      expect(next).not.toBe(file);
      expect(runWith(next!, "lazy")).toBe("lazy v2");
    });

    it("prunes an old split bundle unless a live process holds it", async () => {
      const held = await split();
      const heldDir = dirname(held!);
      // A process running from it (holdBundle, as the `hil` launcher does), alive while the newer build prunes.
      const holder = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `import { holdBundle } from ${JSON.stringify(join(import.meta.dirname, "bundle.ts"))}; holdBundle(${JSON.stringify(held)}); console.log("held"); setInterval(() => {}, 1000);`], { stdio: ["ignore", "pipe", "inherit"], cwd: join(import.meta.dirname, "../..") });
      try {
        await new Promise<void>((resolve, reject) => {
          holder.stdout.once("data", () => resolve());
          holder.once("exit", (code) => reject(new Error(`holder exited (${code}) before holding the bundle`)));
        });
        expect(readdirSync(join(heldDir, ".held-by"))).toContain(String(holder.pid));
        const old = new Date(Date.now() - 60 * 60_000);
        utimesSync(heldDir, old, old);
        write("cmd/lazy.ts", 'export const say = (): string => "lazy v3";\n');
        const v3 = await split();
        expect(existsSync(held!), "a held bundle is kept").toBe(true);
        expect(runWith(held!, "lazy")).toBe("lazy v2");
        holder.kill("SIGTERM");
        await new Promise((resolve) => holder.once("exit", resolve));
        // Released (a pid file of a dead process counts for nothing): the next build prunes it.
        utimesSync(heldDir, old, old);
        write("cmd/lazy.ts", 'export const say = (): string => "lazy v4";\n');
        const v4 = await split();
        expect(existsSync(heldDir), "a released old bundle is pruned").toBe(false);
        expect(existsSync(v3!)).toBe(true);
        expect(runWith(v4!, "lazy")).toBe("lazy v4");
      } finally {
        holder.kill("SIGKILL");
      }
    });

    it("holds nothing for a single-file bundle", async () => {
      const file = await bundled(repo, join(repo, "main.ts"), cache);
      holdBundle(file!);
      expect(existsSync(join(dirname(file!), ".held-by"))).toBe(false);
    });
  });
});
