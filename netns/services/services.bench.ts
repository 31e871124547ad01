// Benchmark: how long each lab service takes to start (until ready) and stop, and each fault to apply/remove.
// Run: npx tsx netns/services/services.bench.ts [rounds]   (root; builds and removes its own namespaces)
import { applyDrop } from "../faults/firewall.ts";
import { applyLinkDown } from "../faults/link.ts";
import { applyRateLimit } from "../faults/ratelimit.ts";
import { applySquatter } from "../faults/squatter.ts";
import type { Fault } from "../faults/types.ts";
import { startDnsmasq } from "./dnsmasq.ts";
import { startRadvd } from "./radvd.ts";
import { startSquid } from "./squid.ts";
import { startSyslog } from "./syslog.ts";
import { createTestLab, type TestLab } from "./testlab.ts";
import type { RunningService } from "./types.ts";

const rounds = Number(process.argv[2] ?? 5);
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const pick = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1);
  return `median ${pick(0.5)} ms, max ${pick(1)} ms`;
};

async function timeService(lab: TestLab, name: string, start: (dir: string) => Promise<RunningService>): Promise<void> {
  const total: number[] = [];
  const ready: number[] = [];
  const stop: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const service = await start(`${name}-${i}`);
    total.push(performance.now() - t0);
    ready.push(service.readyMs);
    const t1 = performance.now();
    await service.stop();
    stop.push(performance.now() - t1);
  }
  console.log(`${name.padEnd(8)} start ${stats(total)} (spawn->ready ${stats(ready)}); stop ${stats(stop)}`);
}

async function timeFault(name: string, apply: () => Promise<Fault>): Promise<void> {
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const fault = await apply();
    on.push(performance.now() - t0);
    const t1 = performance.now();
    await fault.remove();
    off.push(performance.now() - t1);
  }
  console.log(`fault ${name.padEnd(9)} apply ${stats(on)}; remove ${stats(off)}`);
}

const lab = await createTestLab({
  nodes: ["srv", "cli"],
  links: [{ a: ["srv", "eth0", ["10.90.0.1/24", "2001:db8:90::1/64"]], b: ["cli", "eth0", ["10.90.0.2/24"]] }],
});
try {
  console.log(`lab services benchmark, ${rounds} rounds each (prefix ${lab.prefix})`);
  await timeService(lab, "dnsmasq", (d) =>
    startDnsmasq(lab.ctx("srv", d), { interfaces: ["eth0"], dhcp: { ranges: [{ start: "10.90.0.100", end: "10.90.0.200" }], router: "10.90.0.1" }, dns: {} }),
  );
  await timeService(lab, "radvd", (d) => startRadvd(lab.ctx("srv", d), { interface: "eth0", prefixes: [{ prefix: "2001:db8:90::/64" }], rdnss: ["2001:db8:90::1"] }));
  await timeService(lab, "squid", (d) => startSquid(lab.ctx("srv", d), { auth: { scheme: "basic", users: [{ user: "bench", password: "bench-only-pw" }] } }));
  await timeService(lab, "syslog", (d) => startSyslog(lab.ctx("srv", d), { port: 5514 }));
  await timeFault("drop", () => applyDrop(lab.ns("srv"), lab.prefix, { address: "10.90.0.1", port: 80 }));
  await timeFault("link", () => applyLinkDown(lab.ns("cli"), "eth0"));
  await timeFault("tbf", () => applyRateLimit(lab.ns("srv"), "eth0", { rateKbit: 1500 }));
  await timeFault("squatter", () => applySquatter(lab.ns("cli"), "eth0", "10.90.0.77/24"));
} finally {
  await lab.destroy();
}
