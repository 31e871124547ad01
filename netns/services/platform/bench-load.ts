// Load generator for platform.bench.ts, run inside the emulator's namespace: N polls, C at a time, prints JSON figures.
// usage: bench-load.ts --url URL --ca FILE --requests N --concurrency C --appliances A [--keep-alive]
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";

function arg(name: string): string {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  if (value === undefined) throw new Error(`Expected \`--${name}\` with a value on the command line, got nothing`);
  return value;
}

const url = new URL(`${arg("url")}/appliance/v1/poll`);
const ca = readFileSync(arg("ca"));
const total = Number(arg("requests"));
const concurrency = Number(arg("concurrency"));
const appliances = Number(arg("appliances"));
const keepAlive = process.argv.includes("--keep-alive");
const agent = new Agent({ keepAlive, maxSockets: concurrency, ca });

function poll(i: number): Promise<number> {
  const body = JSON.stringify({ serial: String(40000 + (i % appliances)), mac: `00:50:56:00:${((i % appliances) >> 8).toString(16).padStart(2, "0")}:${(i % appliances % 256).toString(16).padStart(2, "0")}` });
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

let next = 0;
let failures = 0;
const latencies: number[] = [];
async function worker(): Promise<void> {
  while (next < total) {
    const i = next++;
    const t = performance.now();
    const status = await poll(i).catch(() => 0);
    latencies.push(performance.now() - t);
    if (status !== 200) failures++;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
agent.destroy();
console.log(JSON.stringify({ requests: total, failures, seconds, perSecond: total / seconds, p50ms: pct(0.5), p99ms: pct(0.99) }));
