// A TypeScript program (the platform emulator, the twin) as one prebuilt JavaScript file: esbuild (already installed
// as tsx's own compiler) bundles the entry once; later starts reuse the file while every input is unchanged. Plain
// node starts a bundle in a fraction of the time tsx needs to load the sources (no loader hooks, one file).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import { pathToFileURL } from "node:url";

/** Where the bundles of checkout `repo` are kept (by entry and content of their inputs): inside that checkout, so
 *  several checkouts on one lab host (a nightly job, an engineer's tree) never prune each other's bundles. */
export function bundleDirOf(repo: string): string {
  return process.env.HIL_BUNDLE_DIR ?? join(repo, "node_modules", ".cache", "hil-bundle");
}

/** Changes with the build options below, so a bundle made with other options is never reused. */
const RECIPE = "esm+require-banner+own-import-meta-url v2";

/** What the last build recorded: its input files (relative to the repository), the size and mtime of each when it was
 *  last seen with that content (the cheap check), and the hash of their content (the check when a stamp differs). */
interface BuildRecord {
  inputs: string[];
  stamps?: (string | null)[];
  hash: string;
  file: string;
}

/** Size and modification time of one input ("size:mtimeMs"), or null when it cannot be read. Synchronous on purpose:
 *  a few hundred stat calls take a millisecond or two this way, several times that through the thread pool. */
function stampOf(repo: string, f: string): string | null {
  // A plugin's module is named `namespace:path` (the file it stands for, absolute).
  const path = f.replace(/^[a-z-]+:/, "");
  try {
    const s = statSync(isAbsolute(path) ? path : join(repo, path));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

const stampsOf = (repo: string, inputs: readonly string[]) => inputs.map((f) => stampOf(repo, f));

/** Hash of `inputs` (relative to `repo`): the content of the project's files, size and mtime of installed packages'
 *  files (which change only with an install); undefined when one of them cannot be read. */
async function contentHash(repo: string, inputs: readonly string[], recipe = ""): Promise<string | undefined> {
  const parts = await Promise.all(
    inputs.map((f) =>
      f.includes("node_modules/") ? stampOf(repo, f) ?? undefined : readFile(join(repo, f)).catch(() => undefined),
    ),
  );
  // The repository is part of the key: the bundle names its source files (their import.meta.url) by absolute path.
  const h = createHash("sha256").update(process.version).update(RECIPE).update(recipe).update(repo);
  for (const [i, part] of parts.entries()) {
    if (part === undefined) return undefined;
    h.update(inputs[i]!).update("\0").update(part).update("\0");
  }
  return h.digest("hex").slice(0, 24);
}

/** The expression the plugin below rewrites, spelt in pieces: written whole in this file, the plugin would rewrite its
 *  own text when this file is itself bundled (as it is in the `hil` CLI's bundle). */
const META_URL = ["import", "meta", "url"].join(".");

/** esbuild plugin: in the project's own TypeScript files, `import.meta.url` becomes that file's URL (a bundle has one
 *  URL for all its modules). */
const ownImportMetaUrl: import("esbuild").Plugin = {
  name: "own-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes("/node_modules/")) return undefined;
      const text = await readFile(args.path, "utf8");
      return { contents: text.replaceAll(META_URL, JSON.stringify(pathToFileURL(args.path).href)), loader: "ts" };
    });
  },
};

/** esbuild plugin: zod's `locales` namespace (a third of a bundle, every language's error messages) holds English
 *  only. zod configures English itself; nothing here reads another locale. Startup compiles the whole bundle:
 *  a twin's 1.07 MB took about 0.15 s of each start's CPU to compile. */
const englishOnlyZod: import("esbuild").Plugin = {
  name: "english-only-zod",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes("/node_modules/zod/") ? { path: join(dirname(args.importer), "../locales/en.js"), namespace: "zod-english" } : undefined);
    build.onLoad({ filter: /.*/, namespace: "zod-english" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

/** Write `data` to `file` atomically (several processes may build at once). */
async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(16).slice(2)}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Options of one entry's bundle. */
export interface BundleOptions {
  /** Packages left out of the bundle and loaded from node_modules when it runs (native addons such as serialport);
   *  the bundle must then be kept where node finds them (a directory inside the repository, e.g. node_modules/.cache). */
  readonly external?: readonly string[];
  /** One file per dynamically imported module and shared chunk, in a directory of its own, instead of one file: a
   *  program that loads most of its code on demand (the `hil` CLI: one command per call) starts by reading its entry
   *  chunk alone. A process started from such a bundle should `holdBundle` it (its chunks are read as it needs them). */
  readonly splitting?: boolean;
}

/** Bundles unused for this long (their mtime is refreshed at each reuse) are removed when a newer one of the same
 *  entry is built (a process that took a path just before has long started it: node reads the whole file at start;
 *  split bundles held by a live process stay). */
const PRUNE_AFTER_MS = 15 * 60_000;

/** Where a split bundle lists the processes running from it, one file named by pid each. */
const HOLDERS = ".held-by";

/** Whether a live process holds the split bundle `bundleDir` (a pid reused since errs on the side of keeping it). */
function held(bundleDir: string): boolean {
  let pids: string[];
  try {
    pids = readdirSync(join(bundleDir, HOLDERS));
  } catch {
    return false;
  }
  return pids.some((pid) => {
    try {
      process.kill(Number(pid), 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  });
}

/** Record this process as running from the split bundle whose entry is `file` until it exits (a later build then
 *  leaves that bundle's chunks in place for it); nothing for a single-file bundle. */
export function holdBundle(file: string): void {
  const holders = join(dirname(file), HOLDERS);
  if (!existsSync(join(dirname(file), MANIFEST))) return;
  const mine = join(holders, String(process.pid));
  try {
    mkdirSync(holders, { recursive: true });
    writeFileSync(mine, "");
  } catch {
    return; // a read-only cache: nothing prunes it either
  }
  process.once("exit", () => rmSync(mine, { force: true }));
}

/** Remove superseded bundles named `stem*` in `dir` (all but `keep`, files or split directories) older than
 *  PRUNE_AFTER_MS and held by no live process. */
async function prune(dir: string, stem: string, keep: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(stem) && !n.endsWith(".tmp") && join(dir, n) !== keep)
      .map(async (n) => {
        const s = await stat(join(dir, n)).catch(() => undefined);
        if (!s || Date.now() - s.mtimeMs <= PRUNE_AFTER_MS) return;
        if (s.isDirectory() && held(join(dir, n))) return;
        await rm(join(dir, n), { force: true, recursive: true });
      }),
  );
}

/** A split bundle's marker file: its presence says the directory was written whole (it is written last). */
const MANIFEST = "bundle.json";

/** Write the output files of a split build into `target` (a directory named by content hash), whole or not at all:
 *  built beside it under a temporary name and renamed; when another process got there first, its copy is kept. */
async function writeSplit(target: string, outdir: string, files: readonly { path: string; contents: Uint8Array }[]): Promise<void> {
  if (existsSync(join(target, MANIFEST))) return;
  const tmp = `${target}.${process.pid}.${Math.random().toString(16).slice(2)}.tmp`;
  await mkdir(tmp, { recursive: true });
  try {
    for (const f of files) {
      const to = join(tmp, relative(outdir, f.path));
      await mkdir(dirname(to), { recursive: true });
      await writeFile(to, f.contents);
    }
    await writeFile(join(tmp, MANIFEST), `${JSON.stringify({ files: files.map((f) => relative(outdir, f.path)).sort() })}\n`);
    await rename(tmp, target).catch(async (error: NodeJS.ErrnoException) => {
      if (!existsSync(join(target, MANIFEST))) throw error;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `file` (a bundle, or a split bundle's entry chunk) is about to be run: its age restarts, so a prune (which takes
 *  only bundles unused for PRUNE_AFTER_MS) never removes one a run is still starting processes from. */
function inUse(file: string): string {
  const now = new Date();
  const target = existsSync(join(dirname(file), MANIFEST)) ? dirname(file) : file;
  try {
    utimesSync(target, now, now);
  } catch {
    // a read-only cache: nothing prunes it either
  }
  return file;
}

/** The earlier build's file when it is still current: every input has the size and mtime it had (no file is read), or
 *  else the same content (the record then takes the new stamps, so the next check is the cheap one again). */
async function current(repo: string, record: BuildRecord | undefined, recipe: string, recordFile: string): Promise<string | undefined> {
  if (!record || !existsSync(record.file)) return undefined;
  const stamps = stampsOf(repo, record.inputs);
  if (record.stamps?.length === stamps.length && stamps.every((s, i) => s !== null && s === record.stamps![i])) return inUse(record.file);
  if ((await contentHash(repo, record.inputs, recipe)) !== record.hash) return undefined;
  await writeAtomic(recordFile, `${JSON.stringify({ ...record, stamps } satisfies BuildRecord)}\n`).catch(() => undefined);
  return inUse(record.file);
}

/**
 * The bundle of `entry` (an absolute path inside `repo`): an up-to-date file from an earlier build, or a new build
 * (with `splitting`, the path of its entry chunk inside the bundle's directory). Each module keeps its own
 * `import.meta.url` (helpers found beside a source file stay found). Undefined when esbuild is not available or the
 * build fails (the caller then runs the sources with tsx, whose error names the broken file).
 */
export async function bundled(repo: string, entry: string, dir = bundleDirOf(repo), options: BundleOptions = {}): Promise<string | undefined> {
  const recipe = [options.external?.length ? `external=${options.external.join(",")}` : "", options.splitting ? "split" : "", "zod-en"].join(";");
  const recordFile = join(dir, `${createHash("sha256").update(entry).update(recipe).digest("hex").slice(0, 12)}.json`);
  const record = await readFile(recordFile, "utf8").then((t) => JSON.parse(t) as BuildRecord, () => undefined);
  const reuse = await current(repo, record, recipe, recordFile);
  if (reuse) return reuse;
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    return undefined;
  }
  try {
    const outdir = join(dir, "out"); // paths only: nothing is written there (write: false)
    const built = await esbuild.build({
      entryPoints: [entry], absWorkingDir: repo, bundle: true, platform: "node", format: "esm", target: `node${process.versions.node.split(".")[0]}`,
      write: false, metafile: true, logLevel: "silent", plugins: [ownImportMetaUrl, englishOnlyZod],
      // CommonJS packages (execa's cross-spawn) require() node's builtins; an ES module has no require of its own.
      banner: { js: `import { createRequire as __hilCreateRequire } from "node:module"; const require = __hilCreateRequire(${META_URL});` },
      ...(options.external?.length ? { external: [...options.external] } : {}),
      ...(options.splitting ? { splitting: true, outdir, outExtension: { ".js": ".mjs" }, entryNames: "[name]", chunkNames: "chunk-[hash]" } : {}),
    });
    const inputs = Object.keys(built.metafile.inputs).sort();
    const stamps = stampsOf(repo, inputs);
    const hash = await contentHash(repo, inputs, recipe);
    if (!hash) return undefined;
    await mkdir(dir, { recursive: true });
    const name = entry.split("/").slice(-2).join("-").replace(/\.ts$/, "");
    let file: string;
    let keep: string;
    if (options.splitting) {
      keep = join(dir, `${name}-${hash}`);
      const main = built.outputFiles.find((f) => f.path === join(outdir, `${basename(entry).replace(/\.ts$/, "")}.mjs`));
      if (!main) return undefined;
      await writeSplit(keep, outdir, built.outputFiles);
      file = join(keep, relative(outdir, main.path));
    } else {
      keep = file = join(dir, `${name}-${hash}.mjs`);
      await writeAtomic(file, built.outputFiles[0]!.contents);
    }
    await writeAtomic(recordFile, `${JSON.stringify({ inputs, stamps, hash, file } satisfies BuildRecord)}\n`);
    await prune(dir, `${name}-`, keep);
    return file;
  } catch {
    return undefined;
  }
}
