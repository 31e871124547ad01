// Lab engine benchmark: median up/down of `standard` and `proxy-ntlm` (with services and bare), where the time
// goes per phase and per service, one VLAN sub-interface add/remove, and mininet building the same bare topology.
// Targets (2 cores): up < 500 ms, down < 300 ms. Bounded: HIL_BENCH_RUNS (default 3) runs per figure, 240 s budget.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Lab } from "./lab/lab.ts";
import { kernelVlanWorks, type VlanImpl } from "./vlan/vlan.ts";
import { Deadline } from "./util/deadline.ts";

const RUNS = Number(process.env.HIL_BENCH_RUNS ?? 3);
const budget = Deadline.in(240_000, "lab benchmark");
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : "n/a");

interface Sample {
  up: number;
  down: number;
  phases: Record<string, number>;
  downSteps: Record<string, number>;
  services: Record<string, number>;
}

async function sample(preset: string, services: boolean): Promise<Sample> {
  const t0 = performance.now();
  const lab = await Lab.up(preset, { services });
  const up = performance.now() - t0;
  const phases = { ...lab.timings };
  const svc: Record<string, number> = {};
  for (const [host, kinds] of Object.entries(lab.services)) for (const s of Object.values(kinds)) svc[`${s!.kind}@${host}`] = s!.readyMs;
  const t1 = performance.now();
  await lab.down();
  return { up, down: performance.now() - t1, phases, downSteps: { ...lab.downTimings }, services: svc };
}

function report(title: string, samples: Sample[]): number {
  if (!samples.length) return NaN;
  const keys = (pick: (s: Sample) => Record<string, number>) => [...new Set(samples.flatMap((s) => Object.keys(pick(s))))];
  const med = (pick: (s: Sample) => Record<string, number>, k: string) => median(samples.map((s) => pick(s)[k] ?? NaN).filter(Number.isFinite));
  console.log(`\n${title} (${samples.length} runs)`);
  console.log(`  up   median ${ms(median(samples.map((s) => s.up)))}   down median ${ms(median(samples.map((s) => s.down)))}`);
  console.log(`  up phases:   ${keys((s) => s.phases).map((k) => `${k} ${ms(med((s) => s.phases, k))}`).join(", ")}`);
  console.log(`  down steps:  ${keys((s) => s.downSteps).map((k) => `${k} ${ms(med((s) => s.downSteps, k))}`).join(", ")}`);
  const svc = keys((s) => s.services);
  if (svc.length) console.log(`  services ready: ${svc.map((k) => `${k} ${ms(med((s) => s.services, k))}`).join(", ")}`);
  return median(samples.map((s) => s.up));
}

async function series(preset: string, services: boolean, runs: number): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < runs && !budget.expired; i++) out.push(await sample(preset, services));
  return out;
}

async function vlanSeries(impl: VlanImpl, runs: number): Promise<{ add: number; remove: number }> {
  await using lab = await Lab.up({ name: "vlan-bench", hosts: { a: {}, b: {} }, links: [{ endpoints: ["a:lan0", "b:eth0"] }] }, { vlanImpl: impl });
  const add: number[] = [];
  const remove: number[] = [];
  for (let i = 0; i < runs && !budget.expired; i++) {
    const t0 = performance.now();
    await lab.addVlan("a", "lan0", 100 + i);
    const t1 = performance.now();
    await lab.removeVlan("a", "lan0", 100 + i);
    add.push(t1 - t0);
    remove.push(performance.now() - t1);
  }
  return { add: median(add), remove: median(remove) };
}

async function mininet(runs: number): Promise<{ up: number; down: number } | string> {
  const script = fileURLToPath(new URL("./lab/bench/mininet-bare.py", import.meta.url));
  try {
    const { stdout } = await promisify(execFile)("/usr/bin/python3", [script, String(runs)], { timeout: 120_000 });
    const r = JSON.parse(stdout.trim().split("\n").at(-1)!) as { up: number[]; down: number[] };
    return { up: median(r.up), down: median(r.down) };
  } catch (error) {
    return `mininet not measured: ${(error as Error).message.split("\n")[0]}`;
  }
}

console.log(`lab engine benchmark: ${RUNS} runs per figure; targets up < 500 ms, down < 300 ms`);
{
  // Calibration: what one process spawn costs on this machine right now (every ip/tc/sysctl call pays it).
  const spawns: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await promisify(execFile)("true");
    spawns.push(performance.now() - t);
  }
  const load = (await import("node:os")).loadavg()[0]!.toFixed(1);
  console.log(`machine: process spawn median ${median(spawns).toFixed(1)} ms, load average ${load} on ${(await import("node:os")).cpus().length} cores`);
}
await Lab.up({ name: "warmup", hosts: { a: {} }, links: [] }, { services: false }).then((l) => l.down()); // probes, module loading
const bare = report("standard, bare network (no services)", await series("standard", false, Math.max(RUNS, 5)));
report("standard, with services (dnsmasq, platform)", await series("standard", true, RUNS));
report("proxy-ntlm, bare network", await series("proxy-ntlm", false, RUNS));
report("proxy-ntlm, with services (dnsmasq, squid NTLM, platform)", await series("proxy-ntlm", true, RUNS));

const impls: VlanImpl[] = (await kernelVlanWorks()) ? ["kernel", "bpf"] : ["bpf"];
for (const impl of impls) {
  const v = await vlanSeries(impl, Math.max(RUNS, 10));
  console.log(`\none VLAN sub-interface (${impl}): add median ${ms(v.add)}, remove median ${ms(v.remove)}`);
}
if (impls.length === 1) console.log("  (kernel 802.1Q not measured: this kernel has no 8021q)");

const mn = await mininet(Math.max(RUNS, 5));
if (typeof mn === "string") console.log(`\n${mn}`);
else {
  console.log(`\nmininet (LinuxBridge, no controller), same bare topology: up median ${ms(mn.up)}, stop median ${ms(mn.down)}`);
  console.log(`ratio mininet/lab (bare up): ${(mn.up / bare).toFixed(2)}x`);
}
console.log(`\nbenchmark took ${Math.round(budget.elapsed / 1000)} s${budget.expired ? " (budget reached: fewer runs than asked)" : ""}`);
