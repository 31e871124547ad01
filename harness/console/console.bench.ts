// Benchmark of the console driver: harness overhead per confirmed key, and screen parsing throughput.
// Run: npx tsx harness/console/console.bench.ts
import { execa } from "execa";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Deadline } from "../../netns/util/deadline.ts";
import { Console, type Expect } from "./console.ts";
import { LostKeyError } from "./errors.ts";
import { readLcd } from "./lcd.ts";
import { twinProfile } from "./profiles/twin.ts";
import { Screen } from "./screen.ts";
import { PtyPair } from "./testkit/pty.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const KEYS = 200;
const ms = (x: number) => x.toFixed(2).padStart(7);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

/** Drive KEYS alternating DOWN/UP keys against the tiny device in its own process; returns overhead figures. */
async function overhead(label: string, settleMs: number | undefined, expectOf: (k: "UP" | "DOWN") => Expect) {
  const pty = await PtyPair.start();
  const con = await Console.open({ name: "bench", path: pty.dev, profile: twinProfile, ...(settleMs !== undefined ? { settleMs } : {}) });
  const dev = execa(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}harness/console/testkit/device-main.ts`, pty.peer], { stdin: "pipe", stdout: "pipe", reject: false });
  const lines = createInterface({ input: dev.stdout! })[Symbol.asyncIterator]();
  try {
    if ((await lines.next()).value !== "ready") throw new Error("device did not start");
    await con.waitFor("SETUP NETWORK", { deadline: Deadline.in(5000) });
    const started = performance.now();
    let lost = 0;
    for (let i = 0; i < KEYS; i++) {
      const k = i % 2 === 0 ? "DOWN" : "UP";
      // a lost key is counted and re-sent (resync), so one bad window does not end the run
      await con.press(k, { expect: expectOf(k), resync: true, deadline: Deadline.in(1000) }).catch((e: unknown) => {
        if (!(e instanceof LostKeyError)) throw e;
        lost++;
      });
    }
    lost += con.callLog().filter((e) => e.kind === "note" && e.note.startsWith("resync")).length;
    const wall = performance.now() - started;
    dev.stdin!.write("stop\n");
    const peer = JSON.parse((await lines.next()).value as string) as { keys: { at: number; whileBusy: boolean }[]; redrawDone: number[] };
    // peer view: last byte of redraw i written -> key i+1 arrives (redraw 0 is the first screen)
    const gaps = peer.keys.slice(1).map((k, i) => k.at - peer.redrawDone[i + 1]!);
    const s = con.stats();
    console.log(`${label}: ${KEYS} keys in ${(wall / 1000).toFixed(2)} s (${(wall / KEYS).toFixed(1)} ms/key), settle window ${s.settleMs.toFixed(2)} ms`);
    console.log(`  driver view  (last byte received -> next key written): p50 ${ms(s.overheadMs.p50)}  p95 ${ms(s.overheadMs.p95)}  max ${ms(s.overheadMs.max)} ms`);
    console.log(`  beyond settle window (harness's own share):            p50 ${ms(s.overheadMs.p50 - s.settleMs)}  p95 ${ms(s.overheadMs.p95 - s.settleMs)} ms`);
    console.log(`  peer view    (last byte written -> next key arrives):  p50 ${ms(pct(gaps, 0.5))}  p95 ${ms(pct(gaps, 0.95))}  max ${ms(Math.max(...gaps))} ms`);
    console.log(`  keys that arrived while the peer was still redrawing: ${peer.keys.filter((k) => k.whileBusy).length}; lost-key detections: ${lost}`);
  } finally {
    await con.close();
    dev.kill();
    await dev;
    await pty.stop();
  }
}

/** Feed a realistic redraw stream through xterm and read the LCD; bytes/s and reads/s. */
async function parsing() {
  const screen = new Screen(twinProfile);
  const at = (r: number, c: number) => `\x1b[${r};${c}H`;
  const frames: string[] = [];
  for (let i = 0; i < 500; i++) {
    const l1 = `MENU ITEM ${i}`.padEnd(20);
    frames.push(`\x1b[?25l${at(4, 4)}${l1}${at(5, 4)}\x1b[7m${String(i).padEnd(20)}\x1b[0m${at(4, 27)}E.>^v${at(8, 4)}\x1b[KS1[*] S2[ ] S3[ ]${at(5, 4 + (i % 20))}\x1b[?25h`);
  }
  const chunk = Buffer.from(`\x1b[2J${frames.join("")}`, "latin1");
  const rounds = 200;
  let t = performance.now();
  for (let i = 0; i < rounds; i++) await screen.write(chunk);
  const secs = (performance.now() - t) / 1000;
  console.log(`parsing: ${((chunk.length * rounds) / secs / 1e6).toFixed(2)} MB/s through xterm (${(chunk.length * rounds / 1e6).toFixed(1)} MB in ${secs.toFixed(2)} s; the wire delivers 872 B/s)`);
  const reads = 20_000;
  t = performance.now();
  for (let i = 0; i < reads; i++) readLcd(screen, twinProfile);
  const rs = (performance.now() - t) / 1000;
  console.log(`LCD reads: ${Math.round(reads / rs).toLocaleString("en")} reads/s (${((rs / reads) * 1e6).toFixed(1)} µs per read)`);
  screen.dispose();
}

await overhead("twin profile, expect change", undefined, () => "change");
await overhead("twin profile, expect predicate", undefined, (k) => (l) => l.text === (k === "DOWN" ? "EDIT NAME" : "SETUP NETWORK"));
await overhead("single-write peer (settle 3 ms), expect change", 3, () => "change");
await parsing();
