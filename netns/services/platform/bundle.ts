// The platform emulator as one prebuilt JavaScript file: esbuild (already installed as tsx's own compiler) bundles
// server.ts once; later starts reuse the file while the content of every input is unchanged. Plain node starts
// the bundle in about a third of the time tsx needs to load the TypeScript sources (no loader, one file).
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where bundles are kept (content-addressed: worktrees with the same sources share one file). */
export const BUNDLE_DIR = process.env.HIL_PLATFORM_BUNDLE_DIR ?? join(tmpdir(), "hil-platform-bundle");

/** What the last build recorded: its input files (relative to the repository) and the hash of their content. */
interface BuildRecord {
  inputs: string[];
  hash: string;
  file: string;
}

/** Hash of `inputs` (relative to `repo`): the content of the project's files, size and mtime of installed packages'
 *  files (which change only with an install); undefined when one of them cannot be read. */
async function contentHash(repo: string, inputs: readonly string[]): Promise<string | undefined> {
  const parts = await Promise.all(
    inputs.map((f) =>
      f.includes("node_modules/")
        ? stat(join(repo, f)).then((s) => `${s.size}:${s.mtimeMs}`, () => undefined)
        : readFile(join(repo, f)).catch(() => undefined),
    ),
  );
  const h = createHash("sha256").update(process.version);
  for (const [i, part] of parts.entries()) {
    if (part === undefined) return undefined;
    h.update(inputs[i]!).update("\0").update(part).update("\0");
  }
  return h.digest("hex").slice(0, 24);
}

/** Write `data` to `file` atomically (several processes may build at once). */
async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(16).slice(2)}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/**
 * The bundled emulator for `entry` (an absolute path inside `repo`): an up-to-date file from an earlier build, or a new
 * build. Undefined when esbuild is not available or the build fails (the caller then runs the sources with tsx, whose
 * error in the emulator's log names the broken file).
 */
export async function platformBundle(repo: string, entry: string): Promise<string | undefined> {
  const recordFile = join(BUNDLE_DIR, `${createHash("sha256").update(entry).digest("hex").slice(0, 12)}.json`);
  const record = await readFile(recordFile, "utf8").then((t) => JSON.parse(t) as BuildRecord, () => undefined);
  if (record && (await contentHash(repo, record.inputs)) === record.hash) {
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
      write: false, metafile: true, logLevel: "silent",
    });
    const inputs = Object.keys(built.metafile.inputs).sort();
    const hash = await contentHash(repo, inputs);
    if (!hash) return undefined;
    await mkdir(BUNDLE_DIR, { recursive: true });
    const file = join(BUNDLE_DIR, `platform-${hash}.mjs`);
    await writeAtomic(file, built.outputFiles[0]!.contents);
    await writeAtomic(recordFile, `${JSON.stringify({ inputs, hash, file } satisfies BuildRecord)}\n`);
    return file;
  } catch {
    return undefined;
  }
}
