// A TypeScript program (the platform emulator, the twin) as one prebuilt JavaScript file: esbuild (already installed
// as tsx's own compiler) bundles the entry once; later starts reuse the file while every input is unchanged. Plain
// node starts a bundle in a fraction of the time tsx needs to load the sources (no loader hooks, one file).
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Where bundles are kept (by repository and content of their inputs). */
export const BUNDLE_DIR = process.env.HIL_BUNDLE_DIR ?? join(tmpdir(), "hil-bundle");

/** Changes with the build options below, so a bundle made with other options is never reused. */
const RECIPE = "esm+require-banner+own-import-meta-url v2";

/** What the last build recorded: its input files (relative to the repository) and the hash of their content. */
interface BuildRecord {
  inputs: string[];
  hash: string;
  file: string;
}

/** Hash of `inputs` (relative to `repo`): the content of the project's files, size and mtime of installed packages'
 *  files (which change only with an install); undefined when one of them cannot be read. */
async function contentHash(repo: string, inputs: readonly string[], recipe = ""): Promise<string | undefined> {
  const parts = await Promise.all(
    inputs.map((f) =>
      f.includes("node_modules/")
        ? stat(join(repo, f)).then((s) => `${s.size}:${s.mtimeMs}`, () => undefined)
        : readFile(join(repo, f)).catch(() => undefined),
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
}

/** Bundles older than this are removed when a newer one of the same entry is built (a process that took a path just
 *  before has long started it: node reads the whole file at start). */
const PRUNE_AFTER_MS = 15 * 60_000;

/** Remove superseded bundles named `stem*` in `dir` (all but `keep`) that are older than PRUNE_AFTER_MS. */
async function prune(dir: string, stem: string, keep: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(stem) && n.endsWith(".mjs") && join(dir, n) !== keep)
      .map(async (n) => {
        const s = await stat(join(dir, n)).catch(() => undefined);
        if (s && Date.now() - s.mtimeMs > PRUNE_AFTER_MS) await rm(join(dir, n), { force: true });
      }),
  );
}

/**
 * The bundle of `entry` (an absolute path inside `repo`): an up-to-date file from an earlier build, or a new build.
 * Each module keeps its own `import.meta.url` (helpers found beside a source file stay found). Undefined when esbuild
 * is not available or the build fails (the caller then runs the sources with tsx, whose error names the broken file).
 */
export async function bundled(repo: string, entry: string, dir = BUNDLE_DIR, options: BundleOptions = {}): Promise<string | undefined> {
  const recordFile = join(dir, `${createHash("sha256").update(entry).digest("hex").slice(0, 12)}.json`);
  const record = await readFile(recordFile, "utf8").then((t) => JSON.parse(t) as BuildRecord, () => undefined);
  const recipe = options.external?.length ? `external=${options.external.join(",")}` : "";
  if (record && (await contentHash(repo, record.inputs, recipe)) === record.hash) {
    const present = await readFile(record.file).then(() => true, () => false);
    if (present) return record.file;
  }
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch {
    return undefined;
  }
  try {
    const built = await esbuild.build({
      entryPoints: [entry], absWorkingDir: repo, bundle: true, platform: "node", format: "esm", target: `node${process.versions.node.split(".")[0]}`,
      write: false, metafile: true, logLevel: "silent", plugins: [ownImportMetaUrl],
      // CommonJS packages (execa's cross-spawn) require() node's builtins; an ES module has no require of its own.
      banner: { js: `import { createRequire as __hilCreateRequire } from "node:module"; const require = __hilCreateRequire(${META_URL});` },
      ...(options.external?.length ? { external: [...options.external] } : {}),
    });
    const inputs = Object.keys(built.metafile.inputs).sort();
    const hash = await contentHash(repo, inputs, recipe);
    if (!hash) return undefined;
    await mkdir(dir, { recursive: true });
    const name = entry.split("/").slice(-2).join("-").replace(/\.ts$/, "");
    const file = join(dir, `${name}-${hash}.mjs`);
    await writeAtomic(file, built.outputFiles[0]!.contents);
    await writeAtomic(recordFile, `${JSON.stringify({ inputs, hash, file } satisfies BuildRecord)}\n`);
    await prune(dir, `${name}-`, file);
    return file;
  } catch {
    return undefined;
  }
}
