// Benchmark: test PKI generation, emulator start (PKI excluded; bundle vs tsx), and polls per second over loopback inside the namespace.
// Run: npx tsx netns/services/platform/platform.bench.ts   (bounded: a few starts, 2000 polls per mode)
import { rm } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Deadline } from "../../util/deadline.ts";
import { newPrefix, runDir } from "../../util/owner.ts";
import { run, runIn } from "../../util/sh.ts";
import { bundled } from "../../util/bundle.ts";
import { startPlatform } from "./launch.ts";
import { makePki } from "./pki.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const STARTS = 5;
const POLLS = 2000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function main(): Promise<void> {
  const load = () => `load ${loadavg().map((x) => x.toFixed(1)).join(" ")} on ${cpus().length} CPUs`;
  console.log(`machine before: ${load()} (figures scale with it)`);
  const prefix = newPrefix();
  const ns = `${prefix}-cloud`;
  const dir = runDir(prefix);
  await run("ip", ["netns", "add", ns]);
  try {
    await runIn(ns, "ip", ["link", "set", "lo", "up"]);
    const pkiTimes: number[] = [];
    let pki;
    for (let i = 0; i < STARTS; i++) {
      const t = performance.now();
      pki = await makePki(join(dir, `pki${i}`), { names: ["qualysguard.qualys.test"], addresses: ["127.0.0.1"], label: prefix }, Deadline.in(20_000, "PKI"));
      pkiTimes.push(performance.now() - t);
    }
    // Both runners, alternating (same machine load for each): node on the prebuilt bundle (default) and tsx on the sources.
    const startTimes: Record<"bundle" | "tsx", number[]> = { bundle: [], tsx: [] };
    const stopTimes: number[] = [];
    await bundled(REPO, join(REPO, "netns/services/platform/server.ts")); // built once (or found) before timing
    for (let i = 0; i < STARTS; i++) {
      for (const runner of ["bundle", "tsx"] as const) {
        if (runner === "tsx") process.env.HIL_PLATFORM_RUNNER = "tsx";
        else delete process.env.HIL_PLATFORM_RUNNER;
        const t = performance.now();
        const p = await startPlatform({ ns, dir: join(dir, `start${i}-${runner}`), address: "127.0.0.1", pki: pki!, ownerPid: process.pid }, Deadline.in(30_000, "platform start"));
        startTimes[runner].push(performance.now() - t);
        const s = performance.now();
        await p.stop();
        stopTimes.push(performance.now() - s);
      }
    }
    delete process.env.HIL_PLATFORM_RUNNER;
    const checks: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await bundled(REPO, join(REPO, "netns/services/platform/server.ts"));
      checks.push(performance.now() - t);
    }
    console.log(`test PKI (2 CAs + 2 server certs, openssl CLI): median ${ms(median(pkiTimes))} over ${STARTS}`);
    console.log(`emulator start to ready (PKI excluded; ip netns exec + node on the bundle + listen): median ${ms(median(startTimes.bundle))}, max ${ms(Math.max(...startTimes.bundle))} over ${STARTS}`);
    console.log(`emulator start to ready, tsx on the sources (HIL_PLATFORM_RUNNER=tsx, the former default): median ${ms(median(startTimes.tsx))}, max ${ms(Math.max(...startTimes.tsx))} over ${STARTS}`);
    console.log(`bundle up-to-date check (hash of its inputs, included in the bundle start): median ${median(checks).toFixed(1)} ms`);
    console.log(`emulator stop (SIGTERM to exit): median ${ms(median(stopTimes))}`);

    console.log(`machine after starts: ${load()}`);
    const p = await startPlatform({ ns, dir: join(dir, "load"), address: "127.0.0.1", pki: pki!, ownerPid: process.pid }, Deadline.in(30_000, "platform start"));
    try {
      for (const [label, extra, concurrency] of [["new TLS connection per poll (like curl)", [], 4], ["keep-alive connections", ["--keep-alive"], 8]] as const) {
        const out = await runIn(ns, join(REPO, "node_modules/.bin/tsx"), [
          join(REPO, "netns/services/platform/bench-load.ts"), "--url", p.url.replace(p.names[0]!, "127.0.0.1"), "--ca", p.pki.caCert,
          "--requests", String(POLLS), "--concurrency", String(concurrency), "--appliances", "50", ...extra,
        ], { timeoutMs: 120_000 });
        const r = JSON.parse(out.stdout.trim().split("\n").at(-1)!) as { perSecond: number; p50ms: number; p99ms: number; failures: number; seconds: number };
        console.log(`polls/s, ${label}, ${concurrency} in flight, 50 appliances: ${r.perSecond.toFixed(0)}/s (p50 ${r.p50ms.toFixed(1)} ms, p99 ${r.p99ms.toFixed(1)} ms, ${r.failures} failures, ${POLLS} polls in ${r.seconds.toFixed(2)} s)`);
        if (r.failures) throw new Error(`${r.failures} of ${POLLS} polls failed`);
      }
    } finally {
      await p.stop();
    }
  } finally {
    await run("ip", ["netns", "del", ns], { allowFailure: true });
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
