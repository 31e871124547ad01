// `npm run bench sh`: what one short command costs, as the twin and the vitest worker run them (about 50 per
// scenario), in a process holding some heap: execa (before), node's spawn, and run() through the command runner.
// The caller's CPU is this process's; the runner's own is read from /proc when it has been used.
import { execa } from "execa";
import { readFileSync } from "node:fs";
import { run, spawnDirect } from "./sh.ts";

const CALLS = 150;
const ARGV = ["ip", "-o", "link", "show"] as const;
// A twin or a worker holds tens of MB of heap; a fork copies its page tables.
const heap = Array.from({ length: 64 }, () => Buffer.alloc(1 << 20, 1));

/** CPU (ms) of this process's children that are python (the runner), from /proc. */
function runnerCpuMs(): number {
  let ms = 0;
  for (const pid of readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (!stat.includes("(python3)")) continue;
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ms += (Number(f[11]) + Number(f[12])) * 10; // utime, stime in clock ticks (100 Hz)
  }
  return ms;
}

async function measure(name: string, call: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 10; i++) await call(); // warm up (the runner starts on first use)
  const runner0 = runnerCpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) await call();
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - t0) / CALLS;
  const caller = (cpu.user + cpu.system) / 1000 / CALLS;
  const runner = (runnerCpuMs() - runner0) / CALLS;
  console.log(`${name.padEnd(30)} ${wall.toFixed(2).padStart(6)} ms wall  caller ${caller.toFixed(2).padStart(6)} ms CPU  runner ${runner.toFixed(2).padStart(5)} ms CPU  per call`);
}

console.log(`${CALLS} calls of \`${ARGV.join(" ")}\` each, caller heap ${heap.length} MB (the command's own CPU is the same in each)`);
await measure("execa (before)", () => execa(ARGV[0], ARGV.slice(1), { reject: false, stdin: "ignore", stripFinalNewline: true }));
await measure("node spawn (HIL_SPAWNER=0)", () => spawnDirect(ARGV));
await measure("run(): the command runner", () => run(ARGV[0], ARGV.slice(1)));
await measure("run() with timeout and input", () => run(ARGV[0], ARGV.slice(1), { timeoutMs: 60_000, input: "" }));
