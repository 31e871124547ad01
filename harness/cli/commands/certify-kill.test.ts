// Interrupt safety of a scenario run, by killing it at many points (a loop over delays, per signal): `hil certify
// --filter main-menu`. The scenario has no lab: its twin runs on its own
// (a run of its own under the run root, netns/lab/solo.ts). Ctrl-C (SIGINT to the job's process group) or SIGTERM
// (to the command alone) must leave nothing once the command has exited; after SIGKILL of the whole job,
// `hil lab sweep` must remove everything it left, saying why.
// Each run gets a run root of its own (HIL_RUN_ROOT), so what it made is told apart from other runs on this host.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import type { Manifest } from "../../../netns/lab/manifest.ts";
import { ORPHAN_STALE_MS } from "../../../netns/lab/orphans.ts";
import { groupMembers, sameProcess, type ProcIdentity } from "../../../netns/lab/proc.ts";
import { Deadline, pollUntil } from "../../../netns/util/deadline.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const LAUNCH = join(ROOT, "harness", "cli", "launch.mjs");
const VITEST = join(ROOT, "node_modules", ".bin", "vitest");
const work = mkdtempSync(join(tmpdir(), "hil-kill-certify-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Kill points: -1 = at once (nothing started yet); otherwise ms after the twin's run appeared under the run root. */
const POINTS_MS = [-1, 0, 1_500];
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGKILL"];

interface Seen {
  prefixes: Set<string>;
  procs: Map<string, ProcIdentity>;
}

/** Everything the run root holds now: its runs' prefixes and the processes their manifests name. */
function look(runRoot: string, seen: Seen): void {
  for (const prefix of readdirSync(runRoot)) {
    seen.prefixes.add(prefix);
    const file = join(runRoot, prefix, "manifest.json");
    if (!existsSync(file)) continue;
    try {
      const m = JSON.parse(readFileSync(file, "utf8")) as Manifest;
      for (const p of [m.owner, ...m.processes]) seen.procs.set(`${p.pid}:${p.startTime}`, { pid: p.pid, startTime: p.startTime, cmdline: p.cmdline });
    } catch {
      // being rewritten: seen on the next look
    }
  }
}

/** Live processes whose command line names `path` ("pid cmdline"). */
function processesNaming(path: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0+$/, "").split("\0").join(" ");
      const state = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0];
      if (cmd.includes(path) && state !== "Z") found.push(`${pid} ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

interface Outcome {
  what: string;
  signal: NodeJS.Signals;
  delay: number;
  runs: number;
  sweep: string;
  left: string[];
}

async function killAt(what: "certify" | "vitest", signal: NodeJS.Signals, delay: number, i: number): Promise<Outcome> {
  const runRoot = mkdtempSync(join(work, `root-${i}-`));
  const tmp = mkdtempSync(join(work, `tmp-${i}-`));
  const env = { ...process.env, TMPDIR: tmp, HIL_RUN_ROOT: runRoot, HIL_DUT: "twin", HIL_ALLURE_RESULTS: join(work, `allure-${i}`), HIL_EVIDENCE_DIR: join(work, `evidence-${i}`), HIL_PROJECTION_DIR: join(work, `projection-${i}`) };
  const argv = what === "certify"
    ? [process.execPath, LAUNCH, "certify", "--filter", "main-menu", "--out", join(work, `out-${i}`)]
    : [VITEST, "run", "scenarios/navigating-the-appliance-ui.test.ts", "-t", "main menu and SETUP NETWORK items"];
  // Its own process group, as a job started from a shell is: Ctrl-C reaches the whole group.
  const child: ChildProcess = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  child.stderr!.on("data", (d) => (out += String(d)));
  let gone = false;
  const exited = new Promise<void>((r) => child.once("exit", () => ((gone = true), r())));
  const seen: Seen = { prefixes: new Set(), procs: new Map() };
  const watcher = setInterval(() => look(runRoot, seen), 5);
  if (delay >= 0) {
    await pollUntil(() => (gone || seen.prefixes.size ? true : undefined), Deadline.in(60_000, `the twin's run under ${runRoot} (${what})`), {
      steps: [0, 5, 10, 20], describeLast: () => out.slice(-400),
    });
  }
  const send = () => {
    try {
      process.kill(signal === "SIGTERM" ? child.pid! : -child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(send, Math.max(0, delay));
  await exited;
  clearTimeout(timer);
  clearInterval(watcher);
  look(runRoot, seen);
  const twinGroups = [...seen.prefixes].flatMap((p) => {
    const file = join(runRoot, p, "twin.pid");
    // Empty when the run was stopped between the twin's spawn and its pid file: its manifest record covers it.
    const pid = existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : 0;
    return pid > 0 ? [pid] : [];
  });
  let sweep = "";
  if (signal === "SIGKILL") {
    // The dead job's processes are gone with its group; the twin (its own group) is the sweeper's.
    const sweepOnce = async () => (await execa(process.execPath, [LAUNCH, "lab", "sweep"], { env, reject: false, all: true })).all.trim().replace(/\n/g, " | ");
    sweep = await sweepOnce();
    // Killed while a manifest was being written: the sweeper keeps a manifest-less run directory until it is stale
    // (it cannot tell it from a lab still coming up); once stale, a second sweep removes it.
    if (/kept \(no manifest\)/.test(sweep)) {
      let last = "";
      await pollUntil(async () => (/kept \(no manifest\)/.test((last = await sweepOnce())) ? undefined : true), Deadline.in(ORPHAN_STALE_MS + 10_000, "the sweeper removing a stale manifest-less run"), { describeLast: () => last }).catch(() => undefined);
      sweep += ` || then: ${last}`;
    }
  }
  const left: string[] = [];
  const dirs = readdirSync(runRoot);
  if (dirs.length) left.push(`run dirs ${dirs.join(",")}`);
  const namespaces = readdirSync("/run/netns").filter((n) => [...seen.prefixes].some((p) => n.startsWith(`${p}-`)));
  if (namespaces.length) left.push(`namespaces ${namespaces.join(",")}`);
  for (const [key, p] of seen.procs) if (await sameProcess(p)) left.push(`process ${key} ${p.cmdline.slice(0, 80)}`);
  // A twin started but not yet recorded in its run's manifest when its owner died is unknown to the sweeper: it ends
  // by itself once it sees its owner gone (twin --owner: a few polls of 250 ms). Until then it is no leftover.
  const twinsLeft = async () => (await Promise.all(twinGroups.map(async (g) => ({ g, members: await groupMembers(g) })))).filter((t) => t.members.length);
  let twins: Awaited<ReturnType<typeof twinsLeft>> = [];
  await pollUntil(async () => ((twins = await twinsLeft()).length ? undefined : true), Deadline.in(5_000, "twins whose owner is gone to end")).catch(() => undefined);
  for (const t of twins) left.push(`twin group ${t.g}: ${t.members.join(",")}`);
  // Whatever still runs with a path under this run root (the same holds for it).
  let strays: string[] = [];
  await pollUntil(() => ((strays = processesNaming(runRoot)).length ? undefined : true), Deadline.in(5_000, `processes naming ${runRoot} to end`)).catch(() => undefined);
  for (const p of strays) left.push(`process naming the run root: ${p.slice(0, 120)}`);
  // hil certify gives vitest a TMPDIR of its own and removes it once vitest is gone (vitest removes its module
  // directory there only when it ends normally). SIGKILL leaves it, as it leaves any process's temporary files.
  const temporary = readdirSync(tmp);
  if (what === "certify" && signal !== "SIGKILL" && temporary.length) left.push(`temporary files ${temporary.map((t) => join(tmp, t)).join(",")}`);
  rmSync(runRoot, { recursive: true, force: true });
  return { what, signal, delay, runs: seen.prefixes.size, sweep, left };
}

async function loop(what: "certify" | "vitest", base: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let i = base;
  for (const signal of SIGNALS) for (const delay of POINTS_MS) outcomes.push(await killAt(what, signal, delay, i++));
  console.log(outcomes.map((o) => `${o.what} ${o.signal.padEnd(7)} ${o.delay < 0 ? "at once" : `${o.delay} ms after the twin's run appeared`}: runs ${o.runs}; leftovers ${o.left.length ? o.left.join("; ") : "none"}${o.sweep ? `; sweep: ${o.sweep}` : ""}`).join("\n"));
  return outcomes;
}

describe("a scenario run killed at many points", { timeout: 600_000 }, () => {
  // vitest alone is not in the loop: on SIGTERM it exits without waiting for its workers, which are still taking the
  // twin down when the command has exited (runner-gone.ts makes them finish). `hil certify --filter ID` is how one
  // scenario is run with interrupt safety: it forwards the signal to vitest and its workers and waits for them.
  for (const [what, base] of [["certify", 0]] as const) {
    it(`${what === "certify" ? "hil certify --filter main-menu" : "vitest on one scenario"}: zero leftovers for every signal and delay`, async () => {
      const started = performance.now();
      const outcomes = await loop(what, base);
      console.log(`${what} kill loop: ${outcomes.length} runs in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      expect(outcomes.filter((o) => o.left.length)).toEqual([]);
      // The loop must have hit the scenario itself: a run appeared before the signal in most cases.
      expect(outcomes.filter((o) => o.delay >= 0 && o.runs > 0).length).toBeGreaterThanOrEqual(SIGNALS.length);
      // After SIGKILL the sweeper removed the twin's run, saying why.
      for (const o of outcomes.filter((x) => x.signal === "SIGKILL" && x.delay >= 0)) expect(o.sweep).toMatch(/removed .*(twin-twin.*owner \d+ is gone|\(no manifest\))/);
    });
  }
});
