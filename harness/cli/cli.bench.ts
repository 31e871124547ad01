// Benchmark: how long `hil --help` and `hil certify --help` take from the CLI's bundle (wall and CPU, median of 10),
// beside a bare `node -e 0` measured in the same rounds (the floor any node program pays on this machine now).
// Run: npx tsx harness/cli/cli.bench.ts
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);
const HIL = join(import.meta.dirname, "hil.sh");
const ROUNDS = 10;
/** The budget issue 13 sets for `--help`. */
const BUDGET_MS = 500;

const CASES: Record<string, string[]> = {
  "node -e 0 (floor)": [process.execPath, "-e", "0"],
  "hil --help": [HIL, "--help"],
  "hil certify --help": [HIL, "certify", "--help"],
};

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Wall and CPU (user + system, from /usr/bin/time) of one run of `argv`, in ms. */
async function once(argv: readonly string[], timeFile: string): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  await exec("/usr/bin/time", ["-f", "%U %S", "-o", timeFile, ...argv]);
  const wall = performance.now() - started;
  const [user, sys] = (await readFile(timeFile, "utf8")).trim().split("\n").at(-1)!.split(" ").map(Number);
  return { wall, cpu: (user! + sys!) * 1000 };
}

async function main(): Promise<number> {
  const load = () => `load ${loadavg().map((x) => x.toFixed(1)).join(" ")} on ${cpus().length} CPUs`;
  console.log(`machine before: ${load()} (figures scale with it)`);
  const dir = await mkdtemp(join(tmpdir(), "hil-cli-bench-"));
  try {
    await exec(HIL, ["--help"]); // builds the bundle when an input changed: not timed
    const runs = Object.fromEntries(Object.keys(CASES).map((k) => [k, { wall: [] as number[], cpu: [] as number[] }]));
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, argv] of Object.entries(CASES)) {
        const r = await once(argv, join(dir, "time"));
        runs[name]!.wall.push(r.wall);
        runs[name]!.cpu.push(r.cpu);
      }
    }
    let over = 0;
    for (const [name, r] of Object.entries(runs)) {
      const wall = median(r.wall);
      const budget = name.startsWith("hil") ? (wall < BUDGET_MS ? `  (under the ${BUDGET_MS} ms budget)` : `  OVER the ${BUDGET_MS} ms budget`) : "";
      if (name.startsWith("hil") && wall >= BUDGET_MS) over++;
      console.log(`${name.padEnd(20)} wall median ${wall.toFixed(0).padStart(4)} ms (min ${Math.min(...r.wall).toFixed(0)}), CPU median ${median(r.cpu).toFixed(0).padStart(4)} ms over ${ROUNDS}${budget}`);
    }
    console.log(`machine after: ${load()}`);
    // Under a loaded machine the floor itself grows; the budget is a figure to read, not a failure of the benchmark.
    if (over) console.log(`${over} case(s) over budget: compare with the floor above before blaming the CLI`);
    return 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().then((code) => (process.exitCode = code));
