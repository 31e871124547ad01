// Benchmark: capture start/stop latency and decode throughput (frames/s) on a pcap of a few thousand real frames.
// Run: npx tsx harness/capture/capture.bench.ts   (root; builds and removes its own two-namespace lab)
// Env: SNAPLEN / BUFKIB override the capture's snaplen / ring size (to see drops); KEEP_PCAP=PATH keeps the pcap.
import { readFileSync } from "node:fs";
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { Deadline } from "../../netns/util/deadline.ts";
import { runIn } from "../../netns/util/sh.ts";
import { startCapture } from "./capture.ts";
import { decode } from "./decode.ts";
import { expectSome } from "./expect.ts";
import * as q from "./queries.ts";
import { PYTHON } from "../../netns/util/python.ts";
import { PairLab, TESTKIT } from "./testkit/lab.ts";

const STARTS = 10;
const RAW_FRAMES = 4000;
const HTTP_REQUESTS = 200;

const ms = (t0: number) => performance.now() - t0;
/** CPU time (ms) of this process plus its reaped children (tshark, tcpdump), from /proc/self/stat. */
const cpuMs = () => {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) * 10;
};
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const pick = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${pick(0.5).toFixed(1)} ms, p90 ${pick(0.9).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms`;
};

async function main(): Promise<void> {
  const lab = await PairLab.up();
  try {
    await lab.peer();
    const starts: number[] = [];
    const stops: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      let t0 = performance.now();
      const cap = await startCapture({ ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, `start${i}.pcap`), deadline: Deadline.in(10_000, "tcpdump") });
      starts.push(ms(t0));
      t0 = performance.now();
      await cap.stop();
      stops.push(ms(t0));
    }
    console.log(`load average: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")} (wall times below scale with it)`);
    console.log(`capture start (until "listening on"), ${STARTS} runs: ${stats(starts)}`);
    console.log(`capture stop (SIGINT until exit), ${STARTS} runs: ${stats(stops)}`);

    const tuning = {
      ...(process.env.SNAPLEN ? { snaplen: Number(process.env.SNAPLEN) } : {}),
      ...(process.env.BUFKIB ? { bufferKiB: Number(process.env.BUFKIB) } : {}),
    };
    const cap = await startCapture({ ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, "bench.pcap"), ...tuning, deadline: Deadline.in(10_000, "tcpdump") });
    const quarter = RAW_FRAMES / 4;
    await runIn(lab.nsA, PYTHON, [join(TESTKIT, "rawframes.py"), lab.ifA, lab.macB, lab.ipA, lab.ipB, `10*${quarter}`, `100.200*${quarter}`, `ad300.30*${quarter}`, `none*${quarter}`]);
    const http = `import urllib.request\nfor i in range(${HTTP_REQUESTS}): urllib.request.urlopen("http://${lab.ipB}/n%d" % i).read()`;
    await runIn(lab.nsA, PYTHON, ["-c", http]);
    const file = await cap.stop();
    if (process.env.KEEP_PCAP) await copyFile(file, process.env.KEEP_PCAP);
    console.log(`pcap: ${cap.stats?.captured} frames captured, ${cap.stats?.droppedByKernel ?? "?"} dropped by kernel`);
    cap.assertComplete();

    for (let round = 0; round < 2; round++) {
      const rss0 = process.memoryUsage().rss;
      const t0 = performance.now();
      const c0 = cpuMs();
      const frames = await decode(file);
      const took = ms(t0);
      const cpu = cpuMs() - c0;
      const rss = (process.memoryUsage().rss - rss0) / 2 ** 20;
      expectSome(frames, q.onVlan(10), { atLeast: quarter });
      expectSome(frames, q.matching("HTTP GET", (f) => f.http?.method === "GET"), { atLeast: HTTP_REQUESTS });
      console.log(`decode (all fields), round ${round + 1}: ${frames.length} frames in ${took.toFixed(0)} ms = ${Math.round(frames.length / (took / 1000))} frames/s wall; ${cpu} ms CPU (tshark + parse) = ${Math.round(frames.length / (cpu / 1000))} frames/CPU-s; RSS +${rss.toFixed(1)} MiB`);
    }
    const t0 = performance.now();
    const tagged = await decode(file, { displayFilter: "vlan.id == 10" });
    const took = ms(t0);
    console.log(`decode with display filter "vlan.id == 10": ${tagged.length} frames in ${took.toFixed(0)} ms`);
    const t1 = performance.now();
    const matched = q.tcpTo(lab.ipB, 80).select(await decode(file));
    console.log(`decode + query tcpTo(${lab.ipB}, 80): ${matched.length} matches in ${ms(t1).toFixed(0)} ms`);
  } finally {
    await lab.down();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
