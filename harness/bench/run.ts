// `npm run bench`: runs every `*.bench.ts` of the repository in turn, each in its own process, and prints its figures.
import { readdir } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const AREAS = ["netns", "harness", "twin", "fixtures", "scenarios"];

async function benchFiles(filter: string | undefined): Promise<string[]> {
  const files: string[] = [];
  for (const area of AREAS) {
    const entries = await readdir(join(root, area), { withFileTypes: true, recursive: true }).catch(() => []);
    for (const e of entries) {
      if (e.isFile() && e.name.endsWith(".bench.ts")) files.push(relative(root, join(e.parentPath, e.name)));
    }
  }
  return files.sort().filter((f) => !filter || f.includes(filter));
}

async function main(): Promise<number> {
  const files = await benchFiles(process.argv[2]);
  if (!files.length) {
    console.error(`no benchmark matches ${process.argv[2] ?? "*"}`);
    return 1;
  }
  let failed = 0;
  for (const file of files) {
    console.log(`\n=== ${file} ===`);
    const started = performance.now();
    const result = await execa(join(root, "node_modules/.bin/tsx"), [file], { cwd: root, stdio: "inherit", reject: false, timeout: 15 * 60_000 });
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    if (result.exitCode !== 0) failed++;
    console.log(`--- ${file}: ${result.exitCode === 0 ? "done" : `FAILED (exit ${result.exitCode ?? result.signal})`} in ${secs} s`);
  }
  return failed ? 1 : 0;
}

main().then((code) => (process.exitCode = code));
