// `hil` starts here, in plain node: it runs the CLI from a prebuilt bundle (netns/util/bundle.ts, as the twin and the
// platform emulator do; split in chunks loaded on demand), rebuilt only when one of its inputs changed, instead of loading every source through tsx.
// Plain JavaScript because it runs before anything can compile TypeScript. Falls back to tsx when no bundle can be
// built (the reason is printed); HIL_CLI_RUNNER=tsx forces the sources.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const entry = join(repo, "harness", "cli", "main.ts");
/** Inside the repository, so the packages left out of the bundle resolve from its node_modules. */
const cache = join(repo, "node_modules", ".cache", "hil-cli");
/** Native or self-locating packages: loaded from node_modules, never bundled (dockerode: ssh2's optional native parts). */
const EXTERNAL = ["serialport", "@serialport/*", "esbuild", "dockerode"];

/** netns/util/bundle.ts as JavaScript, compiled once per content of that file. */
async function bundler() {
  const source = join(repo, "netns", "util", "bundle.ts");
  const text = await readFile(source, "utf8");
  const file = join(cache, `bundler-${createHash("sha256").update(text).digest("hex").slice(0, 16)}.mjs`);
  const present = await readFile(file).then(() => true, () => false);
  if (!present) {
    const esbuild = await import("esbuild");
    const { code } = await esbuild.transform(text, { loader: "ts", format: "esm", target: `node${process.versions.node.split(".")[0]}`, sourcefile: source });
    await mkdir(cache, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, code);
    await rename(tmp, file);
  }
  return import(pathToFileURL(file).href);
}

/** Run the sources with tsx (exit code passed back; signals forwarded). */
function fromSources(reason) {
  if (reason) process.stderr.write(`hil: running from sources with tsx (${reason})\n`);
  const child = spawn(join(repo, "node_modules", ".bin", "tsx"), [entry, ...process.argv.slice(2)], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.once("exit", (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}

/** The bundle's path, or why there is none. */
async function build() {
  try {
    const { bundled, holdBundle } = await bundler();
    // Split: `hil X --help` reads the entry chunk and command X's chunks, not the whole CLI.
    const file = await bundled(repo, entry, cache, { external: EXTERNAL, splitting: true });
    if (file) holdBundle(file); // a later rebuild must not prune the chunks this process may still load
    return file ? { file } : { why: "the bundle could not be built; tsx names the broken file, if any" };
  } catch (error) {
    return { why: `no bundle: ${error instanceof Error ? error.message : String(error)}` };
  }
}

if (process.env.HIL_CLI_RUNNER === "tsx") fromSources();
else {
  const { file, why } = await build();
  if (file) {
    if (process.env.HIL_CLI_SHOW_BUNDLE) process.stderr.write(`hil: bundle ${file}\n`);
    await import(pathToFileURL(file).href);
  } else fromSources(why);
}
