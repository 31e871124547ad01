// End-to-end benchmark with the parts a scenario uses: the standard lab with its services, the twin attached through
// harness/dut at time scale 0.01, Console + Ui, the portal. Prints (median, p90, min/max over repetitions):
//   1. power-on to name-and-IP and its parts (lab up and its phases, twin start, boot, ACTIVATION CODE, activation);
//   2. fault-to-LCD latencies (LAN link down -> COMMUNICATION FAILURE, DNS drop and HTTP 500 -> their errors);
//   3. N labs + twins in parallel reaching name-and-IP: wall time, per-twin time, CPU and peak RSS.
// Default budget about 3 minutes. HIL_BENCH_RUNS (default 3) repetitions per figure; HIL_BENCH_PARALLEL (default
// "1,2,4,8") the parallel counts, e.g. "1,2". HIL_TWIN_RUNNER=tsx HIL_PLATFORM_RUNNER=tsx: start both as before
// (tsx on the sources), to compare.
// Run: npm run bench quickstart   (or: npx tsx scenarios/quickstart.bench.ts)
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { cpus, loadavg } from "node:os";
import { errorFor, screens, applianceName } from "../fixtures/manual/index.ts";
import { Console } from "../harness/console/console.ts";
import { twinProfile } from "../harness/console/profiles/twin.ts";
import { attachDut, type Dut, type TwinDut } from "../harness/dut/index.ts";
import { TWIN_MAIN } from "../harness/dut/twin.ts";
import { Portal } from "../harness/platform/portal.ts";
import { runFlow, Ui, type UiState } from "../harness/ui/index.ts";
import { confirmText, lanDhcpFlow } from "./checks/common.ts";
import { applyDnsUnreachable, applyLinkDown } from "../netns/faults/index.ts";
import { Lab } from "../netns/lab/lab.ts";
import { bundled } from "../netns/util/bundle.ts";
import { Deadline, pollUntil } from "../netns/util/deadline.ts";

const ROOT = join(TWIN_MAIN, "../..");
const PLATFORM_SERVER = join(ROOT, "netns/services/platform/server.ts");
const RUNS = Math.max(1, Number(process.env.HIL_BENCH_RUNS ?? 3));
const PARALLEL = (process.env.HIL_BENCH_PARALLEL ?? "1,2,4,8").split(",").map(Number).filter((n) => n > 0);
const TIME_SCALE = 0.01;
/** Poll interval set on the portal for the fault figures, appliance seconds (0.6 s real at scale 0.01). */
const POLL_SECONDS = 60;
const budget = Deadline.in(Number(process.env.HIL_BENCH_BUDGET_MS ?? 600_000), "quickstart benchmark");

// ---------- figures ----------

const sorted = (xs: number[]) => [...xs].filter(Number.isFinite).sort((a, b) => a - b);
const quantile = (xs: number[], q: number) => {
  const s = sorted(xs);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.ceil(i)]! - s[lo]!) * (i - lo);
};
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)}` : "n/a");
/** "median 1234 | p90 1500 | min 1100 | max 1600 ms (n=3)" */
function stats(xs: number[], unit = "ms"): string {
  const s = sorted(xs);
  if (!s.length) return "n/a";
  return `median ${ms(quantile(s, 0.5))} | p90 ${ms(quantile(s, 0.9))} | min ${ms(s[0]!)} | max ${ms(s.at(-1)!)} ${unit} (n=${s.length})`;
}
/** Print one figure's line. */
function row(label: string, xs: number[], unit = "ms"): void {
  console.log(`  ${label.padEnd(48)} ${stats(xs, unit)}`);
}
const load = () => `load ${loadavg().map((x) => x.toFixed(2)).join(" ")} on ${cpus().length} CPUs`;

// ---------- one session: lab + twin + console + ui, like scenarios/rig.ts ----------

interface Session {
  lab: Lab;
  dut: Dut;
  con: Console;
  ui: Ui;
  portal: Portal;
  /** performance.now() when the session started (before Lab.up). */
  origin: number;
  /** ms marks since `origin`. */
  t: Record<string, number>;
  /** The twin's status polled from its start: resolves with its first LCD text. */
  firstLine: Promise<string> | string;
  /** The state shown when the console was woken. */
  wokeOn?: string;
}

/** Lab.up("standard"), attach the twin, open its console and UI driver; marks each step. */
async function open(): Promise<Session> {
  const t0 = performance.now();
  const t: Record<string, number> = {};
  const lab = await Lab.up("standard", { services: true, deadline: Deadline.in(90_000, "lab up") });
  t.labUp = performance.now() - t0;
  try {
    const dut = await attachDut({ kind: "twin" }, lab, { name: "twin", pace: false, timeScale: TIME_SCALE, startMs: 60_000 });
    t.twinStarted = performance.now() - t0;
    const firstLine = firstLcdText(dut);
    firstLine.catch(() => undefined);
    try {
      const con = await Console.open({ name: dut.name, path: dut.console, profile: twinProfile, keyTimeoutMs: 8_000 });
      t.consoleOpen = performance.now() - t0;
      const ui = new Ui(con, { bootMs: 60_000, messageMs: 10_000, power: dut.power });
      return { lab, dut, con, ui, portal: new Portal(lab.portalSocket!), origin: t0, t, firstLine };
    } catch (error) {
      await dut.dispose();
      throw error;
    }
  } catch (error) {
    await lab.down();
    throw error;
  }
}

async function close(s: Session): Promise<void> {
  await s.con.close().catch(() => undefined);
  await s.dut.dispose().catch(() => undefined);
  await s.lab.down();
}

/** Poll the twin's own status (a diagnostic over its control socket) until its LCD shows text: the first boot line. */
async function firstLcdText(dut: Dut): Promise<string> {
  const twin = dut as TwinDut;
  return pollUntil(async () => (await twin.status()).lcd.map((l) => l.trim()).filter(Boolean).join(" / ") || undefined, Deadline.in(60_000, "the twin's first LCD text"), { steps: [5] });
}

/** Lab up, twin started, its first boot line (twin's status), console woken (ENTER), ACTIVATION CODE, activation on
 *  the portal, name-and-IP. Marks each step in `s.t` (ms since the session's origin); returns the appliance id. */
async function powerOnToNameAndIp(s: Session, user: string, firstLine: Promise<string>): Promise<string> {
  const at = (k: string) => (s.t[k] = performance.now() - s.origin);
  s.firstLine = await firstLine;
  at("firstBootLine");
  // A fresh console draws nothing until ENTER (twin/README.md); then the boot (or what follows it) is on screen.
  const woke = await s.con.press("ENTER", { deadline: Deadline.in(10_000, "wake the console") });
  s.wokeOn = s.ui.state().kind;
  void woke;
  at("consoleWoken");
  const home = await s.ui.waitState("boot", screens.activationCode, (x) => x.kind === "activation-code", 60_000);
  at("activationCode");
  const code = (home as Extract<UiState, { kind: "activation-code" }>).code;
  await s.portal.waitForAppliance((a) => a.activation === "awaiting-activation" && a.activationCode === code, Deadline.in(20_000, "the appliance in the portal"));
  const view = await s.portal.activate(code, user);
  at("activated");
  await s.ui.waitState("activation", applianceName(user), (x) => x.kind === "home" && x.name === applianceName(user), 60_000);
  at("nameAndIp");
  return view.id;
}

// ---------- process resources (the twin's process group, the platform emulator, this node process) ----------

const CLK_TCK = 100;

/** CPU ms (self + waited-for children) and peak RSS (sum of VmHWM) of every process in process group `pgid`. */
function groupUsage(pgid: number): { cpuMs: number; peakRssMb: number; procs: number } {
  let cpuMs = 0;
  let peakKb = 0;
  let procs = 0;
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[2]) !== pgid) continue; // field 5: pgrp
      cpuMs += ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / CLK_TCK; // utime stime cutime cstime
      peakKb += Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${e}/status`, "utf8"))?.[1] ?? 0);
      procs++;
    } catch {
      // gone meanwhile
    }
  }
  return { cpuMs, peakRssMb: peakKb / 1024, procs };
}

/** CPU ms and peak RSS of one process (with its waited-for children). */
function procUsage(pid: number): { cpuMs: number; peakRssMb: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuMs = ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / CLK_TCK;
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    return { cpuMs, peakRssMb: kb / 1024 };
  } catch {
    return { cpuMs: NaN, peakRssMb: NaN };
  }
}

// ---------- 1. power-on to name-and-IP ----------

async function powerOn(): Promise<void> {
  console.log(`\n1. power-on to name-and-IP, standard lab with services, twin at time scale ${TIME_SCALE} (${RUNS} runs; ${load()})`);
  const samples: Record<string, number>[] = [];
  const firstLines = new Set<string>();
  for (let i = 0; i < RUNS && !budget.expired; i++) {
    const s = await open();
    let sample: Record<string, number> | undefined;
    try {
      await powerOnToNameAndIp(s, `bench${i}`, s.firstLine as Promise<string>);
      firstLines.add(`${String(s.firstLine)} (console woken on: ${s.wokeOn})`);
      sample = { ...s.t, ...Object.fromEntries(Object.entries(s.lab.timings).map(([k, v]) => [`lab:${k}`, v])) };
    } finally {
      const t = performance.now();
      await close(s);
      if (sample) samples.push({ ...sample, down: performance.now() - t });
    }
  }
  const col = (k: string) => samples.map((x) => x[k] ?? NaN);
  const diff = (a: string, b: string) => samples.map((x) => (x[a] ?? NaN) - (x[b] ?? NaN));
  row("lab up (Lab.up standard, services)", col("labUp"));
  const labKeys = [...new Set(samples.flatMap((x) => Object.keys(x).filter((k) => k.startsWith("lab:") && k !== "lab:total")))];
  for (const k of labKeys) row(`  ${k.slice(4)}`, col(k));
  row("twin start (spawn -> console link + control)", diff("twinStarted", "labUp"));
  row("twin started -> first boot line (its status)", diff("firstBootLine", "twinStarted"));
  row("console open (parallel to the boot)", diff("consoleOpen", "twinStarted"));
  row("first boot line -> console woken (ENTER)", diff("consoleWoken", "firstBootLine"));
  row("first boot line -> ACTIVATION CODE", diff("activationCode", "firstBootLine"));
  row("ACTIVATION CODE -> activated on the portal", samples.map((x) => x.activated! - x.activationCode!));
  row(`activation -> name-and-IP (poll 180 s = ${180 * TIME_SCALE} s)`, samples.map((x) => x.nameAndIp! - x.activated!));
  row("twin start -> name-and-IP", diff("nameAndIp", "labUp"));
  row("TOTAL power-on (lab up start) -> name-and-IP", col("nameAndIp"));
  row("teardown (console, twin, lab down)", col("down"));
  console.log(`  first LCD text: ${[...firstLines].join("; ")}`);
}

// ---------- 2. fault -> LCD ----------

/** Wait for the state `ok`; ms from `since`. */
async function latency(s: Session, step: string, expected: string, ok: (x: UiState) => boolean, since: number): Promise<number> {
  await s.ui.waitState(step, expected, ok, 60_000);
  return performance.now() - since;
}

async function faults(): Promise<void> {
  const pollMs = POLL_SECONDS * 1000 * TIME_SCALE;
  console.log(`\n2. fault -> its text on the LCD (one session, ${RUNS} runs each; poll interval ${POLL_SECONDS} s set on the portal = ${pollMs} ms real; ${load()})`);
  const s = await open();
  try {
    const user = "faults";
    const id = await powerOnToNameAndIp(s, user, s.firstLine as Promise<string>);
    await s.portal.setPollingInterval(id, POLL_SECONDS);
    const isName = (x: UiState) => x.kind === "home" && x.name === applianceName(user);
    // The twin takes the new interval from its next poll answer: wait for a poll made after the change.
    const since = Date.now();
    await pollUntil(async () => (await s.portal.heartbeats(id)).some((h) => Date.parse(h.at) > since) || undefined, Deadline.in(20_000, "a poll after the interval change"));
    const cf: number[] = [];
    const back: number[] = [];
    for (let i = 0; i < RUNS && !budget.expired; i++) {
      const t = performance.now();
      const lanEnd = s.lab.cableEnd("lan0"); // the lab end of the appliance's LAN cable
      const fault = await applyLinkDown(lanEnd.ns, lanEnd.iface);
      try {
        cf.push(await latency(s, "LAN link down", screens.communicationFailure, (x) => x.kind === "communication-failure", t));
      } finally {
        await fault.remove();
      }
      back.push(await latency(s, "LAN link up", applianceName(user), isName, performance.now()));
    }
    row("LAN link down -> COMMUNICATION FAILURE", cf);
    console.log(`  ${"  (in poll intervals)".padEnd(48)} ${cf.map((x) => (x / pollMs).toFixed(2)).join(", ")}`);
    row("link up again -> name-and-IP", back);

    const dnsText = errorFor({ kind: "dns-server-unreachable", iface: "LAN" }).text;
    const http500Text = errorFor({ kind: "platform-http-status", status: 500 }).text;
    const renewCase = async (label: string, text: string, apply: () => Promise<{ remove(): Promise<unknown> }>) => {
      const confirmToError: number[] = [];
      const faultToError: number[] = [];
      const recover: number[] = [];
      for (let i = 0; i < RUNS && !budget.expired; i++) {
        await s.ui.reach("setup"); // in the menus, a failed poll does not redraw the screen
        const t = performance.now();
        const f = await apply();
        try {
          const change = lanDhcpFlow(s.ui);
          await runFlow(s.ui, change, {}, { stopAt: confirmText(change) });
          const c = performance.now();
          await s.ui.press("ENTER", "confirm RENEW DHCP ON LAN");
          await latency(s, label, text, (x) => x.kind === "error" && x.text === text, c);
          confirmToError.push(performance.now() - c);
          faultToError.push(performance.now() - t);
        } finally {
          await f.remove();
        }
        const r = performance.now();
        await runFlow(s.ui, lanDhcpFlow(s.ui));
        await s.ui.waitState("renew after the fault", applianceName(user), isName, 60_000);
        recover.push(performance.now() - r);
      }
      row(`${label}: confirm RENEW -> "${text}"`, confirmToError);
      row(`  fault applied -> error (incl. menus)`, faultToError);
      row(`  fault removed, RENEW -> name-and-IP`, recover);
    };
    await renewCase("DNS drop", dnsText, () => applyDnsUnreachable(s.lab.cableEnd("lan0"), s.lab.prefix, s.lab.network("lan0").dhcp!.dnsServers![0]!, "drop"));
    await renewCase("HTTP 500", http500Text, async () => {
      await s.portal.injectFault("http-500");
      return { remove: () => s.portal.clearFault() };
    });
  } finally {
    await close(s);
  }
}

// ---------- 3. several twins at once ----------

async function parallel(n: number): Promise<void> {
  const cpu0 = process.cpuUsage();
  const load0 = loadavg()[0]!;
  const t0 = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: n }, async (_, i) => {
      const t = performance.now();
      const s = await open();
      try {
        await powerOnToNameAndIp(s, `par${i}`, s.firstLine as Promise<string>);
        const done = performance.now() - t;
        const twin = groupUsage((s.dut as Dut & { pid: number }).pid);
        const platform = procUsage(s.lab.service("cloud", "platform").pid);
        return { s, done, labUp: s.t.labUp!, twin, platform };
      } catch (error) {
        await close(s);
        throw error;
      }
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as Error).message.split("\n")[0]] : []));
  await Promise.all(ok.map((r) => close(r.s).catch(() => undefined)));
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`  N=${n}: wall ${ms(wall)} ms, ${ok.length}/${n} reached name-and-IP${failed.length ? ` (failed: ${failed.join(" | ")})` : ""}; load before ${load0.toFixed(2)}, after ${loadavg()[0]!.toFixed(2)}`);
  row(`  per twin: lab up`, ok.map((r) => r.labUp));
  row(`  per twin: power-on -> name-and-IP`, ok.map((r) => r.done));
  row(`  twin process tree CPU`, ok.map((r) => r.twin.cpuMs), "ms CPU");
  row(`  twin process tree peak RSS (sum of VmHWM)`, ok.map((r) => r.twin.peakRssMb), "MB");
  row(`  platform emulator CPU`, ok.map((r) => r.platform.cpuMs), "ms CPU");
  row(`  platform emulator peak RSS`, ok.map((r) => r.platform.peakRssMb), "MB");
  console.log(`    bench node process: CPU ${ms((cpu.user + cpu.system) / 1000)} ms during the run, peak RSS so far ${rss.toFixed(0)} MB`);
}

// ---------- 0. program load: what starting a TypeScript program under tsx costs here ----------

/** ms for `argv` to run to its exit (a program that imports everything, then stops on a usage error). */
async function timed(argv: readonly string[]): Promise<number> {
  const t = performance.now();
  await execa(argv[0]!, argv.slice(1), { cwd: ROOT, reject: false, timeout: 60_000 });
  return performance.now() - t;
}

async function programLoad(): Promise<void> {
  console.log(`\n0. program load to a usage error (imports only; ${RUNS} runs; ${load()})`);
  const twinTsx: number[] = [];
  const twinBundled: number[] = [];
  const platformTsx: number[] = [];
  const platformBundled: number[] = [];
  const bundle = await bundled(ROOT, PLATFORM_SERVER);
  const twinBundle = await bundled(ROOT, TWIN_MAIN);
  const usage = ["--console", "/nonexistent/c", "--state", "/nonexistent/s"];
  for (let i = 0; i < RUNS; i++) {
    twinTsx.push(await timed([process.execPath, "--import", "tsx", TWIN_MAIN, ...usage]));
    if (twinBundle) twinBundled.push(await timed([process.execPath, twinBundle, ...usage]));
    platformTsx.push(await timed([join(ROOT, "node_modules/.bin/tsx"), PLATFORM_SERVER]));
    if (bundle) platformBundled.push(await timed([process.execPath, bundle]));
  }
  row("twin: node --import tsx twin/main.ts (before)", twinTsx);
  row("twin: node on its bundle (default now)", twinBundled);
  row("platform: tsx server.ts (before)", platformTsx);
  row("platform: node on its bundle (default now)", platformBundled);
  console.log(`  (this run starts them with: twin ${process.env.HIL_TWIN_RUNNER === "tsx" ? "tsx" : "bundle"}, platform ${process.env.HIL_PLATFORM_RUNNER === "tsx" ? "tsx" : "bundle"})`);
}

// ---------- main ----------

async function main(): Promise<void> {
  console.log(`quickstart end-to-end benchmark: ${RUNS} runs per figure, parallel ${PARALLEL.join(",")}; ${load()}`);
  const t = performance.now();
  await Lab.up("standard", { services: false }).then((l) => l.down()); // warm-up: sweep, probes, module loading
  console.log(`warm-up (bare standard lab up+down, first in process): ${ms(performance.now() - t)} ms`);
  await programLoad();
  await powerOn();
  if (!budget.expired) await faults();
  console.log(`\n3. several labs + twins at once reaching name-and-IP (${load()})`);
  for (const n of PARALLEL) if (!budget.expired) await parallel(n);
  console.log(`\nbenchmark took ${Math.round(budget.elapsed / 1000)} s; ${load()}${budget.expired ? " (budget reached: fewer runs than asked)" : ""}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
