// Service backends side by side: median lab up/down of the same presets with every service a host process and with
// every service in a container (docker backend), in one run. Bounded: HIL_BENCH_RUNS (default 3) runs per figure.
import { Lab } from "./lab.ts";
import type { ServiceBackend } from "../topology/services.ts";
import { Deadline } from "../util/deadline.ts";

const RUNS = Number(process.env.HIL_BENCH_RUNS ?? 3);
const PRESETS = ["standard", "proxy-basic", "ipv6-only"];
const budget = Deadline.in(600_000, "backends benchmark");
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : "n/a");

interface Figures {
  up: number[];
  down: number[];
  /** Median per up phase (docker nodes, network, carrier+services, each service's ready time). */
  phases: Record<string, number[]>;
}

async function measure(preset: string, backend: ServiceBackend): Promise<Figures> {
  const f: Figures = { up: [], down: [], phases: {} };
  for (let i = 0; i < RUNS && !budget.expired; i++) {
    const t0 = performance.now();
    const lab = await Lab.up(preset, { backend });
    f.up.push(performance.now() - t0);
    for (const [k, v] of Object.entries(lab.timings)) if (k === "docker nodes" || k === "network" || k.startsWith("service ")) (f.phases[k] ??= []).push(v);
    const t1 = performance.now();
    await lab.down();
    f.down.push(performance.now() - t1);
  }
  return f;
}

console.log(`service backends benchmark: ${RUNS} runs per figure (medians); up = Lab.up with every service ready, down = Lab.down`);
// Warm-up, not counted: the daemon started if needed, the default image built or found, modules loaded.
await Lab.up("standard", { backend: "docker", services: ["syslog"] }).then((l) => l.down());
const rows: string[][] = [["preset", "process up", "docker up", "process down", "docker down"]];
for (const preset of PRESETS) {
  const p = await measure(preset, "process");
  const d = await measure(preset, "docker");
  rows.push([preset, ms(median(p.up)), ms(median(d.up)), ms(median(p.down)), ms(median(d.down))]);
  const phases = (f: Figures) => Object.entries(f.phases).map(([k, v]) => `${k} ${ms(median(v))}`).join(", ");
  console.log(`\n${preset}\n  process: ${phases(p)}\n  docker:  ${phases(d)}`);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log("");
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
console.log(`\nbenchmark took ${Math.round(budget.elapsed / 1000)} s${budget.expired ? " (budget reached: fewer runs than asked)" : ""}`);
